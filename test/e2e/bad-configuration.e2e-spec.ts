import { runTsProcess } from '@causeway/testing';

/** A wrong or missing variable stops a service at once, naming the variable. */
describe('configuration at start', () => {
  it.each([
    ['control-plane', 'apps/control-plane/src/main.ts'],
    ['audit', 'apps/audit/src/main.ts'],
    ['data-plane', 'apps/data-plane/src/main.ts'],
  ])(
    '%s refuses to start with a bad PORT and broker list, naming both',
    async (service, entry) => {
      const { code, output } = await runTsProcess(entry, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'no-port-here',
        DATABASE_URL: 'postgres://u:hunter2@127.0.0.1:1/x',
      });
      expect(code).toBe(1);
      expect(output).toContain(`${service}: invalid configuration`);
      expect(output).toMatch(/PORT: .*number/i);
      expect(output).toContain('KAFKA_BROKERS: expected host:port');
      expect(output).not.toContain('hunter2');
    },
    30_000,
  );

  it('names a missing required variable', async () => {
    const { code, output } = await runTsProcess('apps/control-plane/src/main.ts', {
      DATABASE_URL: '',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL: /);
  }, 30_000);

  it('rejects a database URL that is not postgres', async () => {
    const { code, output } = await runTsProcess('apps/audit/src/main.ts', {
      DATABASE_URL: 'mysql://db/x',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL: expected a postgres:// URL');
  }, 30_000);
});
