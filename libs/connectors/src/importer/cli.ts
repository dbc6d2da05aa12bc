#!/usr/bin/env node
/**
 * causeway-connectors import <spec> --overlay <file> [--out <file>] [--source-file <path>]
 *
 * Writes the provider definition (with its actions) that the spec and overlay produce, as
 * JSON, to --out or stdout; exits 1 with the cause when the spec cannot be imported or the
 * result fails the catalog check. Without --overlay the default overlay is used (every
 * operation, names and hints derived from the spec).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { importSpec } from './import-spec';

export function renderDefinition(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

export function main(args: string[]): number {
  const [command, specPath] = args;
  if (command !== 'import' || !specPath) {
    process.stderr.write('usage: causeway-connectors import <spec> --overlay <file> [--out <file>] [--source-file <path>]\n');
    return 2;
  }
  const overlayPath = option(args, 'overlay');
  const overlay: unknown = overlayPath ? parseYaml(readFileSync(overlayPath, 'utf8')) : undefined;
  const result = importSpec(readFileSync(specPath, 'utf8'), overlay, { sourceFile: option(args, 'source-file') ?? specPath });
  if (!result.ok) {
    process.stderr.write(`cannot import ${specPath}: ${result.cause}: ${result.message}\n`);
    return 1;
  }
  for (const key of result.value.unmatched) process.stderr.write(`warning: overlay names ${key}, which the spec does not have\n`);
  const text = renderDefinition(result.value.provider);
  const out = option(args, 'out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  process.stderr.write(`${result.value.provider.id}: ${result.value.provider.actions.length} actions\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
