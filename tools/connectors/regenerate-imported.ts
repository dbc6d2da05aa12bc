/**
 * Rewrites every committed imported definition from its spec and overlay:
 *   node -r @swc-node/register tools/connectors/regenerate-imported.ts
 * The unit test vendor-specs.spec.ts fails while a generated.json differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { regenerateVendor, VENDOR_SPECS, vendorFile } from '../../libs/connectors/src/importer/vendor-specs';

for (const vendor of VENDOR_SPECS) {
  writeFileSync(vendorFile(vendor, 'generated.json'), regenerateVendor(vendor));
  process.stdout.write(`${vendor}: regenerated\n`);
}
