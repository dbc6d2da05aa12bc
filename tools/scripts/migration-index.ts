/**
 * Adds a generated migration to a service's `migrations/index.ts`, keeping everything already
 * listed where it is. The index is edited, never rebuilt from the directory: it also lists
 * migrations that ship with libraries (the data plane's idempotency table comes from
 * `@causeway/resilience`), which a directory listing cannot see.
 */
export function withMigration(index: string | undefined, migration: { className: string; module: string }): string {
  const importLine = `import { ${migration.className} } from '${migration.module}';`;
  if (index === undefined) {
    return `${importLine}\n\n/** In order of application; tools/scripts/generate-migration.ts appends to it. */\nexport const migrations = [${migration.className}];\n`;
  }
  const lines = index.split('\n');
  const lastImport = lines.reduce((last, line, i) => (line.startsWith('import ') ? i : last), -1);
  lines.splice(lastImport + 1, 0, importLine);
  const withImport = lines.join('\n');
  const list = /export const migrations = \[([\s\S]*?)\];/.exec(withImport);
  if (!list) throw new Error('migrations/index.ts has no `export const migrations = [...]` to append to');
  const entries = list[1]
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const replaced = `export const migrations = [\n${[...entries, migration.className].map((entry) => `  ${entry},`).join('\n')}\n];`;
  return withImport.replace(list[0], replaced);
}
