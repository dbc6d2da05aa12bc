import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@causeway/config';
import {
  InvalidSecretDataError,
  InvalidSecretPathError,
  SecretIntegrityError,
  SecretStoreError,
  SecretVersionConflictError,
  UnknownMasterKeyError,
} from '../errors';
import { secretPath } from '../secret-path';
import { LocalSecretStore, type LocalSecretStoreOptions } from './local-secret-store';

const SECRET = 'xoxb-very-secret-value-7f3a';
const pathA = secretPath.connection('acme', 'conn-a');
const pathB = secretPath.connection('acme', 'conn-b');

let dir: string;
const key = () => randomBytes(32).toString('base64');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'causeway-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (options: Partial<LocalSecretStoreOptions> = {}) => LocalSecretStore.open({ dir, ...options });

async function objectFiles(): Promise<string[]> {
  return (await readdir(join(dir, 'objects'))).filter((name) => name.endsWith('.json')).map((name) => join(dir, 'objects', name));
}

async function onlyObjectFile(): Promise<string> {
  const files = await objectFiles();
  expect(files).toHaveLength(1);
  return files[0];
}

async function editJson(file: string, edit: (json: Record<string, unknown> & { payload: { ciphertext: string }; dataKey: { ciphertext: string } }) => void) {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}

async function caught(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('LocalSecretStore', () => {
  describe('reading and writing', () => {
    it('reads back what it wrote, as version 1 with its timestamps', async () => {
      const store = await open();
      const before = Date.now();
      await expect(store.write(pathA, { accessToken: SECRET, expiresAt: '2030-01-01T00:00:00Z' })).resolves.toEqual({
        version: 1,
      });
      const secret = await store.read(pathA);
      expect(secret).toMatchObject({ data: { accessToken: SECRET, expiresAt: '2030-01-01T00:00:00Z' }, version: 1 });
      expect(secret!.metadata.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(secret!.metadata.updatedAt).toEqual(secret!.metadata.createdAt);
    });

    it('answers null for a path that holds no secret', async () => {
      await expect((await open()).read(pathA)).resolves.toBeNull();
    });

    it('counts versions up by one per write and keeps the first createdAt', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      const first = await store.read(pathA);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(store.write(pathA, { v: '2' })).resolves.toEqual({ version: 2 });
      const second = await store.read(pathA);
      expect(second).toMatchObject({ data: { v: '2' }, version: 2 });
      expect(second!.metadata.createdAt).toEqual(first!.metadata.createdAt);
      expect(second!.metadata.updatedAt.getTime()).toBeGreaterThan(first!.metadata.updatedAt.getTime());
    });

    it('never writes the plaintext to disk', async () => {
      const store = await open();
      await store.write(pathA, { accessToken: SECRET });
      expect(await readFile(await onlyObjectFile(), 'utf8')).not.toContain(SECRET);
    });

    it('refuses data that is not a flat map of strings, naming the key but not the value', async () => {
      const store = await open();
      const error = await caught(() => store.write(pathA, { token: SECRET, count: 3 } as unknown as Record<string, string>));
      expect(error).toBeInstanceOf(InvalidSecretDataError);
      expect(error.message).toContain('"count"');
      expect(error.message).not.toContain(SECRET);
    });
  });

  describe('check-and-set', () => {
    it('creates with cas 0 when the path is absent', async () => {
      const store = await open();
      await expect(store.write(pathA, { v: '1' }, { cas: 0 })).resolves.toEqual({ version: 1 });
    });

    it('refuses cas 0 when the path already holds a secret', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      const error = await caught(() => store.write(pathA, { v: 'other' }, { cas: 0 }));
      expect(error).toBeInstanceOf(SecretVersionConflictError);
      expect(error).toMatchObject({ path: pathA, expectedVersion: 0, currentVersion: 1 });
      expect((await store.read(pathA))!.data).toEqual({ v: '1' });
    });

    it('accepts a write whose cas matches the current version', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      await expect(store.write(pathA, { v: '2' }, { cas: 1 })).resolves.toEqual({ version: 2 });
    });

    it('refuses a write whose cas does not match the current version, changing nothing', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      await store.write(pathA, { v: '2' });
      await expect(store.write(pathA, { v: 'stale' }, { cas: 1 })).rejects.toThrow(SecretVersionConflictError);
      expect(await store.read(pathA)).toMatchObject({ data: { v: '2' }, version: 2 });
    });

    it('refuses cas N for a path that holds no secret', async () => {
      const store = await open();
      await expect(store.write(pathA, { v: '1' }, { cas: 3 })).rejects.toThrow(SecretVersionConflictError);
      await expect(store.read(pathA)).resolves.toBeNull();
    });

    it('lets exactly one of many concurrent writers with the same cas win', async () => {
      const store = await open();
      await store.write(pathA, { refreshToken: 'r0' });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.write(pathA, { refreshToken: `r${i + 1}` }, { cas: 1 })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((r) => (r as PromiseRejectedResult).reason instanceof SecretVersionConflictError)).toBe(true);
      expect((await store.read(pathA))!.version).toBe(2);
    });

    it('lets exactly one writer win across two instances on the same directory', async () => {
      const [one, two] = [await open(), await open()];
      const results = await Promise.allSettled([one.write(pathA, { by: 'one' }, { cas: 0 }), two.write(pathA, { by: 'two' }, { cas: 0 })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('rejects a cas that is not a whole number >= 0', async () => {
      const store = await open();
      await expect(store.write(pathA, { v: '1' }, { cas: -1 })).rejects.toThrow(InvalidSecretDataError);
      await expect(store.write(pathA, { v: '1' }, { cas: 1.5 })).rejects.toThrow(InvalidSecretDataError);
    });
  });

  describe('delete and list', () => {
    it('destroys the secret; the next write starts again at version 1', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      await store.write(pathA, { v: '2' });
      await store.delete(pathA);
      await expect(store.read(pathA)).resolves.toBeNull();
      expect(await objectFiles()).toHaveLength(0);
      await expect(store.write(pathA, { v: 'again' }, { cas: 0 })).resolves.toEqual({ version: 1 });
    });

    it('treats deleting an absent path as done', async () => {
      await expect((await open()).delete(pathA)).resolves.toBeUndefined();
    });

    it("lists the names directly under a prefix, folders with a trailing '/'", async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      await store.write(pathB, { v: '1' });
      await store.write(secretPath.oauthApp('acme', 'slack'), { clientSecret: SECRET });
      await store.write(secretPath.connection('globex', 'conn-z'), { v: '1' });
      expect(await store.list('tenants/acme/connections')).toEqual(['conn-a', 'conn-b']);
      expect(await store.list('tenants/acme/')).toEqual(['connections/', 'oauth-apps/']);
      expect(await store.list('tenants')).toEqual(['acme/', 'globex/']);
      expect(await store.list('')).toEqual(['tenants/']);
      expect(await store.list('tenants/nobody')).toEqual([]);
    });

    it('does not list a prefix that merely starts with the same letters', async () => {
      const store = await open();
      await store.write('tenants/acme-2/x', { v: '1' });
      expect(await store.list('tenants/acme')).toEqual([]);
    });
  });

  describe('restart', () => {
    it('a new instance on the same directory reads back every secret with its generated key file', async () => {
      const first = await open();
      await first.write(pathA, { accessToken: SECRET });
      await first.write(pathB, { v: '1' });
      await first.write(pathB, { v: '2' });
      const second = await open();
      expect(second.masterKeyId).toBe(first.masterKeyId);
      expect(await second.read(pathA)).toMatchObject({ data: { accessToken: SECRET }, version: 1 });
      expect(await second.read(pathB)).toMatchObject({ data: { v: '2' }, version: 2 });
      await expect(second.write(pathB, { v: '3' }, { cas: 2 })).resolves.toEqual({ version: 3 });
    });

    it('a new instance given the same CAUSEWAY_MASTER_KEY reads back every secret', async () => {
      const masterKey = key();
      await (await open({ masterKey })).write(pathA, { accessToken: SECRET });
      expect((await (await open({ masterKey })).read(pathA))!.data).toEqual({ accessToken: SECRET });
    });

    it('generates its master key file readable by the owner only', async () => {
      await open();
      expect((await stat(join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o077).toBe(0);
    });

    it('does not write a key file when CAUSEWAY_MASTER_KEY is given', async () => {
      await open({ masterKey: key() });
      await expect(stat(join(dir, 'master.key'))).rejects.toThrow();
    });

    it('refuses to generate a fresh key next to existing secrets', async () => {
      await (await open()).write(pathA, { v: '1' });
      await rm(join(dir, 'master.key'));
      const error = await caught(() => open());
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain('master.key is missing, but 1 secret(s) exist');
    });

    it('rejects a CAUSEWAY_MASTER_KEY that is not base64 of 32 bytes, naming the variable and not the value', async () => {
      const short = randomBytes(16).toString('base64');
      const error = await caught(() => open({ masterKey: short }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain('CAUSEWAY_MASTER_KEY: must be the base64 encoding of exactly 32 bytes, but it decodes to 16');
      expect(error.message).not.toContain(short);
      await expect(open({ masterKey: 'not base64 at all!' })).rejects.toThrow('CAUSEWAY_MASTER_KEY: is not base64');
    });

    it('names the master key it lacks when opened with a different key', async () => {
      const original = await open({ masterKey: key() });
      await original.write(pathA, { v: '1' });
      const other = await open({ masterKey: key() });
      const error = await caught(() => other.read(pathA));
      expect(error).toBeInstanceOf(UnknownMasterKeyError);
      expect(error.message).toContain(`wrapped with master key ${original.masterKeyId}`);
    });
  });

  describe('tampering', () => {
    it('fails loudly when a byte of the payload ciphertext changed', async () => {
      const store = await open();
      await store.write(pathA, { accessToken: SECRET });
      await editJson(await onlyObjectFile(), (json) => (json.payload.ciphertext = flipFirstByte(json.payload.ciphertext)));
      await expect(store.read(pathA)).rejects.toThrow(SecretIntegrityError);
    });

    it('fails loudly when the wrapped data key changed', async () => {
      const store = await open();
      await store.write(pathA, { accessToken: SECRET });
      await editJson(await onlyObjectFile(), (json) => (json.dataKey.ciphertext = flipFirstByte(json.dataKey.ciphertext)));
      await expect(store.read(pathA)).rejects.toThrow(/wrapped data key was altered/);
    });

    it('fails loudly when the version in the file was edited, and refuses writes over it', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      await editJson(await onlyObjectFile(), (json) => (json.version = 7));
      await expect(store.read(pathA)).rejects.toThrow(/payload or its version metadata was altered/);
      await expect(store.write(pathA, { v: '8' }, { cas: 7 })).rejects.toThrow(SecretIntegrityError);
    });

    it('fails loudly on a truncated file', async () => {
      const store = await open();
      await store.write(pathA, { v: '1' });
      const file = await onlyObjectFile();
      await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
      await expect(store.read(pathA)).rejects.toThrow(/not valid JSON/);
    });

    it("refuses a file copied over another path's file", async () => {
      const store = await open();
      await store.write(pathA, { accessToken: 'token-of-a' });
      await store.write(pathB, { accessToken: 'token-of-b' });
      const [fileA, fileB] = await Promise.all([pathA, pathB].map((p) => fileOf(store, p)));
      await copyFile(fileA, fileB);
      await expect(store.read(pathB)).rejects.toThrow(/belongs to another path/);
    });

    it('refuses a moved file even when its path field is rewritten to match', async () => {
      const store = await open();
      await store.write(pathA, { accessToken: 'token-of-a' });
      await store.write(pathB, { accessToken: 'token-of-b' });
      const [fileA, fileB] = await Promise.all([pathA, pathB].map((p) => fileOf(store, p)));
      await copyFile(fileA, fileB);
      await editJson(fileB, (json) => (json.path = pathB));
      await expect(store.read(pathB)).rejects.toThrow(SecretIntegrityError);
    });
  });

  describe('master key rotation', () => {
    async function seed(store: LocalSecretStore, count: number) {
      for (let i = 0; i < count; i += 1) await store.write(secretPath.connection('acme', `conn-${i}`), { token: `${SECRET}-${i}` });
    }

    async function expectAllReadable(store: LocalSecretStore, count: number) {
      for (let i = 0; i < count; i += 1) {
        expect((await store.read(secretPath.connection('acme', `conn-${i}`)))!.data).toEqual({
          token: `${SECRET}-${i}`,
        });
      }
    }

    it('keeps every secret readable, and the old key is no longer needed', async () => {
      const oldKey = key();
      const newKey = key();
      const store = await open({ masterKey: oldKey });
      await seed(store, 5);
      await expect(store.rotateMasterKey(newKey)).resolves.toMatchObject({ rewrapped: 5 });
      await expectAllReadable(store, 5);
      await expectAllReadable(await open({ masterKey: newKey }), 5);
      await expect((await open({ masterKey: oldKey })).read(secretPath.connection('acme', 'conn-0'))).rejects.toThrow(UnknownMasterKeyError);
    });

    it('re-wraps data keys without touching the payload ciphertext or the versions', async () => {
      const store = await open({ masterKey: key() });
      await seed(store, 3);
      const before = await Promise.all((await objectFiles()).map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
      await store.rotateMasterKey(key());
      const after = await Promise.all((await objectFiles()).map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
      expect(after.map((r) => [r.payload, r.version, r.updatedAt])).toEqual(before.map((r) => [r.payload, r.version, r.updatedAt]));
      expect(after.map((r) => r.dataKey.masterKeyId)).toEqual(before.map(() => store.masterKeyId));
    });

    it('replaces the generated key file with the new key', async () => {
      const store = await open();
      await seed(store, 2);
      const newKey = key();
      await store.rotateMasterKey(newKey);
      expect((await readFile(join(dir, 'master.key'), 'utf8')).trim()).toBe(newKey);
      expect((await stat(join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
      await expect(stat(join(dir, 'master.key.next'))).rejects.toThrow();
      await expectAllReadable(await open(), 2);
    });

    it('finishes a rotation interrupted by a crash when the store opens again (key file)', async () => {
      await seed(await open(), 4);
      let rewrapped = 0;
      const crashing = await open({
        testHooks: {
          afterRewrap: () => {
            rewrapped += 1;
            if (rewrapped === 2) throw new Error('simulated crash');
          },
        },
      });
      const newKey = key();
      await expect(crashing.rotateMasterKey(newKey)).rejects.toThrow('simulated crash');
      // Half the files are under the new key, half under the old; both key files exist.
      await stat(join(dir, 'master.key.next'));

      const reopened = await open();
      await expectAllReadable(reopened, 4);
      expect((await readFile(join(dir, 'master.key'), 'utf8')).trim()).toBe(newKey);
      await expect(stat(join(dir, 'master.key.next'))).rejects.toThrow();
      const ids = await Promise.all((await objectFiles()).map(async (f) => JSON.parse(await readFile(f, 'utf8')).dataKey.masterKeyId));
      expect(new Set(ids)).toEqual(new Set([reopened.masterKeyId]));
    });

    it('finishes an interrupted rotation when the old key is given as CAUSEWAY_MASTER_KEY_PREVIOUS', async () => {
      const oldKey = key();
      const newKey = key();
      await seed(await open({ masterKey: oldKey }), 4);
      let count = 0;
      const crashing = await open({
        masterKey: oldKey,
        testHooks: {
          afterRewrap: () => {
            if (++count === 2) throw new Error('simulated crash');
          },
        },
      });
      await expect(crashing.rotateMasterKey(newKey)).rejects.toThrow('simulated crash');
      const newOnly = await open({ masterKey: newKey });
      const reads = await Promise.allSettled([0, 1, 2, 3].map((i) => newOnly.read(secretPath.connection('acme', `conn-${i}`))));
      expect(reads.filter((r) => r.status === 'rejected')).toHaveLength(2);

      await open({ masterKey: newKey, previousMasterKeys: [oldKey] });
      await expectAllReadable(await open({ masterKey: newKey }), 4);
    });

    it('keeps serving writes during a rotation, under the new key', async () => {
      const store = await open({ masterKey: key() });
      await seed(store, 10);
      const newKey = key();
      await Promise.all([store.rotateMasterKey(newKey), store.write(pathA, { during: 'rotation' })]);
      expect((await (await open({ masterKey: newKey })).read(pathA))!.data).toEqual({ during: 'rotation' });
    });

    it('rejects a new key that is not 32 bytes without changing anything', async () => {
      const store = await open();
      await seed(store, 1);
      await expect(store.rotateMasterKey(randomBytes(31))).rejects.toThrow('must be 32 bytes, got 31');
      await expectAllReadable(await open(), 1);
    });
  });

  describe('errors', () => {
    it('never carry a secret value in their message', async () => {
      const store = await open();
      await store.write(pathA, { accessToken: SECRET });
      const errors: Error[] = [];
      errors.push(await caught(() => store.write(pathA, { accessToken: SECRET }, { cas: 0 })));
      errors.push(await caught(() => store.write(pathA, { accessToken: SECRET, n: 1 } as unknown as Record<string, string>)));
      errors.push(await caught(() => store.write('tenants/../x', { accessToken: SECRET })));
      await editJson(await onlyObjectFile(), (json) => (json.payload.ciphertext = flipFirstByte(json.payload.ciphertext)));
      errors.push(await caught(() => store.read(pathA)));
      errors.push(await caught(() => open({ masterKey: SECRET })));

      expect(errors.map((e) => e.constructor.name)).toEqual([
        'SecretVersionConflictError',
        'InvalidSecretDataError',
        'InvalidSecretPathError',
        'SecretIntegrityError',
        'ConfigError',
      ]);
      for (const error of errors) {
        for (let e: unknown = error; e instanceof Error; e = e.cause) {
          expect(`${e.message}\n${e.stack}`).not.toContain(SECRET);
        }
      }
    });

    it('are typed, so callers can branch on code and retryable', async () => {
      const error = await caught(async () => (await open()).read('tenants//x'));
      expect(error).toBeInstanceOf(SecretStoreError);
      expect(error).toBeInstanceOf(InvalidSecretPathError);
      expect(error).toMatchObject({ code: 'invalid_path', retryable: false, segment: '' });
    });
  });
});

async function fileOf(store: LocalSecretStore, path: string): Promise<string> {
  // Found by content rather than by re-deriving the file name, so the test does not mirror the layout code.
  for (const name of await readdir(join(dir, 'objects'))) {
    const file = join(dir, 'objects', name);
    if (JSON.parse(await readFile(file, 'utf8')).path === path) return file;
  }
  throw new Error(`no file for ${path} (store ${store.masterKeyId})`);
}
