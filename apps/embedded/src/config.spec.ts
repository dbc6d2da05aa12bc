import { loadEmbeddedConfig } from './config';

describe('embedded default configuration', () => {
  it('forwards the audit spool once a second unless told otherwise', () => {
    expect(loadEmbeddedConfig({}).AUDIT_SPOOL_SEAL_MS).toBe(1000);
    expect(loadEmbeddedConfig({ AUDIT_SPOOL_SEAL_MS: '250' }).AUDIT_SPOOL_SEAL_MS).toBe(250);
  });

  it("takes the documented quota variables, with the data plane's own defaults when unset", () => {
    const config = loadEmbeddedConfig({ TENANT_CALLS_PER_MINUTE: '600000', KEY_CALLS_PER_MINUTE: '120000', KEY_CONCURRENT_CALLS: '500' });
    expect(config).toMatchObject({ TENANT_CALLS_PER_MINUTE: 600000, KEY_CALLS_PER_MINUTE: 120000, KEY_CONCURRENT_CALLS: 500 });
    expect(loadEmbeddedConfig({})).toMatchObject({ TENANT_CALLS_PER_MINUTE: 6000, KEY_CALLS_PER_MINUTE: 1200, KEY_CONCURRENT_CALLS: 32 });
  });
});
