/**
 * CI gate for the connector catalog:
 *   node -r @swc-node/register libs/connectors/src/definition/validate-catalog.ts [module …]
 * Checks the shipped catalog, or the provider definitions exported by the given modules.
 * Prints `<file path>: <field path>: <problem>` per problem and exits 1 when there is any
 * (a fact without its provenance URL is one); otherwise prints the providers and the number of
 * actions of each.
 */
import * as path from 'node:path';
import { providerDefinitions } from '../catalog';
import { validateCatalog } from './catalog-validator';
import { catalogSummary } from './catalog-summary';
import { formatProblem } from './problem';

/** Every export of a module that looks like a provider definition (it has an id and actions). */
function definitionsIn(modulePath: string): unknown[] {
  // A CLI argument names a module at run time, so it cannot be a static import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path.resolve(modulePath)) as Record<string, unknown>;
  return Object.values(exported).filter((value) => typeof value === 'object' && value !== null && 'id' in value && 'actions' in value);
}

function main(modules: string[]): void {
  const definitions = modules.length > 0 ? modules.flatMap(definitionsIn) : providerDefinitions;
  const problems = validateCatalog(definitions);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problem(s) in the connector catalog\n`);
    process.exit(1);
  }
  process.stdout.write(catalogSummary(definitions as Parameters<typeof catalogSummary>[0]));
}

main(process.argv.slice(2));
