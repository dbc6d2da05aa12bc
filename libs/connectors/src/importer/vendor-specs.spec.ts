import { readFileSync } from 'node:fs';
import { validateCatalog } from '../definition/catalog-validator';
import { importedProvider, regenerateVendor, VENDOR_SPECS, vendorFile } from './vendor-specs';

describe('committed imported definitions', () => {
  it.each(VENDOR_SPECS)('%s: regenerating from the committed spec and overlay changes nothing (run tools/connectors/regenerate-imported.ts)', (vendor) => {
    expect(regenerateVendor(vendor)).toBe(readFileSync(vendorFile(vendor, 'generated.json'), 'utf8'));
  });

  it('pass the catalog check together, each with at least six actions', () => {
    const providers = VENDOR_SPECS.map(importedProvider);
    expect(validateCatalog(providers)).toEqual([]);
    for (const provider of providers) expect(provider.actions.length).toBeGreaterThanOrEqual(6);
  });
});
