import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ProviderDefinition } from '../definition/provider';
import { renderDefinition } from './cli';
import { importSpec } from './import-spec';

/** The vendor specs committed with their overlays; each folder holds spec.json, overlay.yaml, generated.json. */
export const VENDOR_SPECS = ['asana', 'bitbucket', 'listennotes', 'notion', 'stripe', 'twilio'] as const;
export type VendorSpec = (typeof VENDOR_SPECS)[number];

const SPECS_DIR = path.join(__dirname, 'specs');

export function vendorFile(vendor: VendorSpec, file: 'spec.json' | 'overlay.yaml' | 'generated.json'): string {
  return path.join(SPECS_DIR, vendor, file);
}

/** What the importer makes of a committed spec and overlay now, as the text generated.json must hold. */
export function regenerateVendor(vendor: VendorSpec): string {
  const result = importSpec(readFileSync(vendorFile(vendor, 'spec.json'), 'utf8'), parseYaml(readFileSync(vendorFile(vendor, 'overlay.yaml'), 'utf8')), {
    // Relative, so the generated file is the same on every machine.
    sourceFile: `libs/connectors/src/importer/specs/${vendor}/spec.json`,
  });
  if (!result.ok) throw new Error(`${vendor}: ${result.cause}: ${result.message}`);
  if (result.value.unmatched.length > 0) throw new Error(`${vendor}: the overlay names operations the spec lacks: ${result.value.unmatched.join(', ')}`);
  return renderDefinition(result.value.provider);
}

/** The committed definition, as the tests and the simulators load it. */
export function importedProvider(vendor: VendorSpec): ProviderDefinition {
  return JSON.parse(readFileSync(vendorFile(vendor, 'generated.json'), 'utf8')) as ProviderDefinition;
}
