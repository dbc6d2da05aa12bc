import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Which feature folder of the data plane imports which, read from the sources (every import,
 * `import type` included: a type-only cycle still ties two folders' changes together).
 */
function folderImports(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const folderOf = (file: string) => relative(root, file).split(sep)[0];
  for (const file of walk(root)) {
    if (/\.(spec|int-spec)\.ts$|test-support\.ts$/.test(file)) continue;
    const from = folderOf(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = folderOf(resolve(dirname(file), specifier));
      if (to !== from) (graph.get(from) ?? graph.set(from, new Set()).get(from)!).add(to);
    }
  }
  return graph;
}

function reaches(graph: Map<string, Set<string>>, from: string, to: string): string[] | undefined {
  const queue: string[][] = [[from]];
  const seen = new Set([from]);
  while (queue.length) {
    const path = queue.shift()!;
    for (const next of graph.get(path.at(-1)!) ?? []) {
      if (next === to) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...path, next]);
    }
  }
  return undefined;
}

describe('import structure of the data plane', () => {
  const graph = folderImports(__dirname);

  it('reads the imports it checks', () => {
    expect(graph.get('agent-auth')).toContain('config-view');
  });

  it('has no cycle between agent-auth and config-view: the view knows nothing of principals', () => {
    expect(reaches(graph, 'config-view', 'agent-auth')).toBeUndefined();
  });
});
