import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', 'bin', 'causeway-audit.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });

describe('causeway-audit --help', () => {
  it.each([['--help'], ['-h'], ['help'], ['verify', '--help']])(
    '%s prints the usage, options and exit statuses on stdout and exits 0, without a database',
    (...args) => {
      const result = run(...args);

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^usage: causeway-audit verify --tenant <id>/);
      expect(result.stdout).toContain('--public-key');
      expect(result.stdout).toContain('Exit status: 0 intact, 1 broken');
    },
  );

  it('still answers a wrong invocation with the usage on stderr and status 2', () => {
    const result = run('verify');

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^usage: causeway-audit/);
  });
});
