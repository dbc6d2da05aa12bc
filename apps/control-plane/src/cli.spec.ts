import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', 'bin', 'causeway-admin.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });

describe('causeway-admin --help', () => {
  it.each([['--help'], ['-h'], ['help'], ['tenants', 'create', '--help']])(
    '%s prints the usage and the environment on stdout and exits 0, without a database',
    (...args) => {
      const result = run(...args);

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^usage: causeway-admin tenants create --slug <slug>/);
      expect(result.stdout).toContain('users reset-password --email <email>');
      expect(result.stdout).toContain('DATABASE_URL');
    },
  );

  it('still refuses an unknown command with the usage on stderr and a failure status', () => {
    const result = run('tenants', 'delete');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^usage: causeway-admin/);
  });
});
