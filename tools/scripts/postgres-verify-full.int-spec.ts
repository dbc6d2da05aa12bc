import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A managed PostgreSQL as docs/operations.md configures it: TLS only (`hostssl`), the URL with
 * `sslmode=verify-full&sslrootcert=<the CA the chart mounts>`. A private server of this test's
 * own (the shared test database runs without TLS), its own throwaway CA; the command run
 * against it is the services' `causeway-migrate`.
 */
jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const pgBin = (() => {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  return version ? join(base, version, 'bin') : undefined;
})();
const postgresUid = (() => {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
})();
// PostgreSQL refuses to run as root; the server runs as the `postgres` OS user, which needs root to switch to.
const runnable = Boolean(pgBin && postgresUid !== undefined && process.getuid?.() === 0);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

(runnable ? describe : describe.skip)('PostgreSQL with sslmode=verify-full', () => {
  let dir: string;
  let port: number;
  const asPostgres = (...args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

  const migrate = (url: string) =>
    spawnSync(process.execPath, [join(root, 'apps', 'data-plane', 'bin', 'causeway-migrate.js')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, DATABASE_URL: url },
    });
  const url = (ca: string) => `postgres://causeway@127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${join(dir, ca)}`;

  beforeAll(async () => {
    dir = mkdtempSync('/tmp/causeway-pg-tls-');
    chmodSync(dir, 0o755);
    port = await freePort();
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=causeway-pg-test-ca');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '1', '-subj', '/CN=someone-else');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    );
    for (const file of ['server.key', 'server.crt']) chownSync(join(dir, file), postgresUid!, postgresUid!);
    chmodSync(join(dir, 'server.key'), 0o600);
    // The server's own files: data directory, socket and log, owned by `postgres`.
    const home = join(dir, 'pg');
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, postgresUid!, postgresUid!);
    const data = join(home, 'data');
    asPostgres(join(pgBin!, 'initdb'), '-D', data, '-U', 'causeway', '--auth=trust', '-E', 'UTF8');
    // TLS or nothing: no plain `host` line.
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n');
    asPostgres(
      join(pgBin!, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(home, 'postgres.log'),
      '-w',
      '-o',
      `-p ${port} -k ${home} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')} -c fsync=off`,
      'start',
    );
  });

  afterAll(() => {
    if (existsSync(join(dir, 'pg', 'data', 'postmaster.pid'))) asPostgres(join(pgBin!, 'pg_ctl'), '-D', join(dir, 'pg', 'data'), '-m', 'immediate', 'stop');
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates over TLS, verifying the server against the CA named in the URL', () => {
    const result = migrate(url('ca.crt'));
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!).applied.length).toBeGreaterThan(0);
  });

  it('refuses a server whose certificate the named CA did not sign', () => {
    const result = migrate(url('other-ca.crt'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/self.signed|unable to (get|verify)|certificate/i);
  });

  it('is refused by a TLS-only server without TLS', () => {
    const result = migrate(`postgres://causeway@127.0.0.1:${port}/postgres?sslmode=disable`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no pg_hba.conf entry|SSL off/);
  });
});
