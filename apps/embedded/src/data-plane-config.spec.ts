import { loadEmbeddedConfig } from './config';
import { embeddedDataPlaneConfig } from './data-plane-config';

const wiring = { dataDir: '/tmp/causeway-test', controlPlaneUrl: 'http://127.0.0.1:4000', internalToken: 'x'.repeat(32), egress: {} };

describe('the embedded default’s data plane settings', () => {
  it('honours the documented quota variables, above the data plane’s defaults', () => {
    const config = loadEmbeddedConfig({ TENANT_CALLS_PER_MINUTE: '100000', KEY_CALLS_PER_MINUTE: '50000', KEY_CONCURRENT_CALLS: '256' });

    expect(embeddedDataPlaneConfig(config, wiring)).toMatchObject({
      TENANT_CALLS_PER_MINUTE: 100_000,
      KEY_CALLS_PER_MINUTE: 50_000,
      KEY_CONCURRENT_CALLS: 256,
    });
  });

  it('keeps the data plane’s defaults when nothing is set', () => {
    expect(embeddedDataPlaneConfig(loadEmbeddedConfig({}), wiring)).toMatchObject({
      TENANT_CALLS_PER_MINUTE: 6000,
      KEY_CALLS_PER_MINUTE: 1200,
      KEY_CONCURRENT_CALLS: 32,
    });
  });

  it('refuses a quota that is not a positive whole number, naming it', () => {
    expect(() => loadEmbeddedConfig({ KEY_CALLS_PER_MINUTE: '0' })).toThrow(/KEY_CALLS_PER_MINUTE/);
  });

  it('keeps its spool and secrets under the data directory', () => {
    expect(embeddedDataPlaneConfig(loadEmbeddedConfig({}), wiring)).toMatchObject({
      AUDIT_SPOOL_DIR: '/tmp/causeway-test/audit-spool',
      CAUSEWAY_SECRETS_DIR: '/tmp/causeway-test/secrets',
      INSTANCE_ID: 'embedded',
    });
  });
});
