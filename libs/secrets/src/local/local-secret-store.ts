import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '@causeway/config';
import { SecretIntegrityError, SecretStoreUnavailableError, SecretVersionConflictError } from '../errors';
import { assertCas, assertSecretData } from '../secret-data';
import { assertSecretPath, normalizeListPrefix } from '../secret-path';
import { silentLogger, type SecretData, type SecretStore, type SecretStoreLogger, type VersionedSecret, type WriteOptions } from '../secret-store';
import { isErrno, removeFileDurably, renameDurably, TEMP_FILE, writeFileAtomic } from './atomic-file';
import { KeyedMutex } from './keyed-mutex';
import { encodeMasterKey, generateMasterKey, InvalidMasterKeyError, Keyring, parseMasterKey, type MasterKey } from './master-key';
import { authenticateRecordPath, decryptRecord, encryptRecord, parseRecord, rewrapRecord, serializeRecord, type SecretRecord } from './secret-record';

export interface LocalSecretStoreOptions {
  /** Directory that holds the store, e.g. `.data/secrets`; created (mode 0700) when missing. */
  dir: string;
  /** `CAUSEWAY_MASTER_KEY`: base64 of 32 bytes. Absent: a key file generated in `dir`. */
  masterKey?: string | Buffer;
  /**
   * `CAUSEWAY_MASTER_KEY_PREVIOUS`: keys still accepted for unwrapping. When given, opening the
   * store re-wraps everything under `masterKey` (this is how a rotation interrupted in the
   * environment-key setting is finished).
   */
  previousMasterKeys?: ReadonlyArray<string | Buffer>;
  logger?: SecretStoreLogger;
  /** Fault injection for the crash-safety tests; never set in production. */
  testHooks?: { afterRewrap?: (path: string) => void | Promise<void> };
}

const KEY_FILE = 'master.key';
const NEXT_KEY_FILE = 'master.key.next';
const OBJECTS = 'objects';
const OBJECT_FILE = /^[0-9a-f]{64}\.json$/;
const STALE_TEMP_MS = 60_000;

/**
 * Per-path locks shared by every store instance in this process, keyed by absolute file path,
 * so two instances opened on the same directory (a restart in a test, a second module) still
 * serialise their check-and-set writes. Nothing coordinates separate processes: the local store
 * backs the single-process embedded default only.
 */
const pathLocks = new KeyedMutex();
const rotationLocks = new KeyedMutex();

/**
 * The embedded default's secret store: one envelope-encrypted JSON file per secret under
 * `dir/objects/`, named by the SHA-256 of the path so no path can pick its own file name.
 * Semantics match the Vault adapter (versions, check-and-set, delete, list), except that only
 * the current version is kept: an overwrite destroys the previous one.
 */
export class LocalSecretStore implements SecretStore {
  readonly kind = 'local' as const;
  private readonly objectsDir: string;

  private constructor(
    private readonly dir: string,
    private readonly keyring: Keyring,
    private readonly keySource: 'environment' | 'key-file',
    private readonly logger: SecretStoreLogger,
    private readonly testHooks: LocalSecretStoreOptions['testHooks'],
  ) {
    this.objectsDir = join(dir, OBJECTS);
  }

  static async open(options: LocalSecretStoreOptions): Promise<LocalSecretStore> {
    const dir = resolve(options.dir);
    const logger = options.logger ?? silentLogger;
    await mkdir(join(dir, OBJECTS), { recursive: true, mode: 0o700 });
    await sweepTempFiles(dir);
    await sweepTempFiles(join(dir, OBJECTS));

    const previous = (options.previousMasterKeys ?? []).map((key) => masterKeyFromConfig(key, 'CAUSEWAY_MASTER_KEY_PREVIOUS'));
    let store: LocalSecretStore;
    let unfinishedRotation = previous.length > 0;
    if (options.masterKey !== undefined) {
      const keyring = new Keyring(masterKeyFromConfig(options.masterKey, 'CAUSEWAY_MASTER_KEY'), previous);
      store = new LocalSecretStore(dir, keyring, 'environment', logger, options.testHooks);
    } else {
      const loaded = await loadKeyFiles(dir, previous, logger);
      unfinishedRotation ||= loaded.unfinishedRotation;
      store = new LocalSecretStore(dir, loaded.keyring, 'key-file', logger, options.testHooks);
    }
    if (unfinishedRotation) await store.finishRotation();
    return store;
  }

  /** Fingerprint of the master key new data keys are wrapped with. */
  get masterKeyId(): string {
    return this.keyring.active.id;
  }

  async read(path: string): Promise<VersionedSecret | null> {
    assertSecretPath(path);
    // No lock: writers replace files by atomic rename, so a reader sees one whole version.
    const record = await this.readRecord(path);
    return record ? decryptRecord(this.keyring, path, record) : null;
  }

  async write(path: string, data: SecretData, options?: WriteOptions): Promise<{ version: number }> {
    assertSecretPath(path);
    assertSecretData(path, data);
    const cas = assertCas(path, options);
    const file = this.objectFile(path);
    return pathLocks.run(file, async () => {
      const currentRecord = await this.readRecord(path);
      // Authenticate before trusting the stored version for check-and-set: an edited version
      // number must fail loudly, not let a stale writer win.
      const current = currentRecord ? decryptRecord(this.keyring, path, currentRecord) : null;
      if (cas !== undefined && cas !== (current?.version ?? 0)) {
        throw new SecretVersionConflictError(path, cas, current?.version ?? 0);
      }
      const now = new Date().toISOString();
      const version = (current?.version ?? 0) + 1;
      const record = encryptRecord(this.keyring, { path, version, createdAt: current?.metadata.createdAt.toISOString() ?? now, updatedAt: now }, data);
      await writeFileAtomic(file, serializeRecord(record));
      return { version };
    });
  }

  async delete(path: string): Promise<void> {
    assertSecretPath(path);
    const file = this.objectFile(path);
    await pathLocks.run(file, () => removeFileDurably(file));
  }

  async list(prefix: string): Promise<string[]> {
    const base = normalizeListPrefix(prefix);
    const children = new Set<string>();
    for (const record of await this.allRecords()) {
      let rest: string;
      if (base === '') rest = record.path;
      else if (record.path.startsWith(`${base}/`)) rest = record.path.slice(base.length + 1);
      else continue;
      // Only names whose file proves it belongs to that path are listed.
      authenticateRecordPath(this.keyring, record.path, record);
      const slash = rest.indexOf('/');
      children.add(slash === -1 ? rest : `${rest.slice(0, slash + 1)}`);
    }
    return [...children].sort();
  }

  async check(): Promise<void> {
    try {
      await access(this.objectsDir, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new SecretStoreUnavailableError(`local secret store directory ${this.objectsDir} is not writable`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  /**
   * Re-wraps every data key under `newKey`; payload ciphertext is left as it is. Crash-safe:
   *
   * 1. With a generated key file, the new key is first written to `master.key.next`, so it is
   *    durable before any data key depends on it. (With `CAUSEWAY_MASTER_KEY`, the caller holds it.)
   * 2. New writes use the new key at once; every record names the key it is wrapped with, and
   *    both keys stay loaded, so each file is readable whichever key it is under.
   * 3. Each file is re-wrapped under its path lock and replaced atomically.
   * 4. Only then is the switch made: `master.key.next` is renamed over `master.key`, and the old
   *    key is dropped from memory.
   *
   * A crash before step 4 leaves both key files; the next `open` loads both and finishes. With
   * `CAUSEWAY_MASTER_KEY`, restart with the new key there and the old one in
   * `CAUSEWAY_MASTER_KEY_PREVIOUS`; after a complete rotation, set the new key before restarting.
   */
  async rotateMasterKey(newKey: string | Buffer): Promise<{ masterKeyId: string; rewrapped: number }> {
    const next = parseMasterKey(newKey, 'the new master key');
    return rotationLocks.run(this.dir, async () => {
      if (this.keySource === 'key-file') await writeKeyFile(join(this.dir, NEXT_KEY_FILE), next);
      this.keyring.activate(next);
      const rewrapped = await this.rewrapAll();
      await this.completeRotation();
      if (this.keySource === 'environment') {
        this.logger.warn({ masterKeyId: next.id }, 'master key rotated: set CAUSEWAY_MASTER_KEY to the new key before the next start');
      }
      return { masterKeyId: next.id, rewrapped };
    });
  }

  private async finishRotation(): Promise<void> {
    await rotationLocks.run(this.dir, async () => {
      const rewrapped = await this.rewrapAll();
      await this.completeRotation();
      this.logger.info(
        { masterKeyId: this.keyring.active.id, rewrapped },
        this.keySource === 'environment'
          ? 'every secret is wrapped with CAUSEWAY_MASTER_KEY; CAUSEWAY_MASTER_KEY_PREVIOUS can be removed'
          : 'finished an interrupted master key rotation',
      );
    });
  }

  /** The switch: from here on only the active key exists, on disk and in memory. */
  private async completeRotation(): Promise<void> {
    const next = join(this.dir, NEXT_KEY_FILE);
    if (this.keySource === 'key-file' && (await readIfExists(next)) !== null) await renameDurably(next, join(this.dir, KEY_FILE));
    this.keyring.retireInactive();
  }

  private async rewrapAll(): Promise<number> {
    let rewrapped = 0;
    for (const name of await this.objectNames()) {
      const file = join(this.objectsDir, name);
      const done = await pathLocks.run(file, async () => {
        const text = await readIfExists(file);
        if (text === null) return false; // deleted meanwhile
        const record = parseRecord(`(file ${name})`, text);
        if (file !== this.objectFile(record.path)) {
          // A file copied over another path's name: re-wrapping would launder it.
          throw new SecretIntegrityError(`(file ${name})`, `it claims path ${JSON.stringify(record.path)}, which is stored elsewhere`);
        }
        if (record.dataKey.masterKeyId === this.keyring.active.id) return false;
        await writeFileAtomic(file, serializeRecord(rewrapRecord(this.keyring, record)));
        await this.testHooks?.afterRewrap?.(record.path);
        return true;
      });
      if (done) rewrapped += 1;
    }
    return rewrapped;
  }

  private async readRecord(path: string): Promise<SecretRecord | null> {
    const text = await readIfExists(this.objectFile(path));
    return text === null ? null : parseRecord(path, text);
  }

  private async allRecords(): Promise<SecretRecord[]> {
    const records: SecretRecord[] = [];
    for (const name of await this.objectNames()) {
      const text = await readIfExists(join(this.objectsDir, name));
      if (text !== null) records.push(parseRecord(`(file ${name})`, text));
    }
    return records;
  }

  private async objectNames(): Promise<string[]> {
    return (await readdir(this.objectsDir)).filter((name) => OBJECT_FILE.test(name));
  }

  private objectFile(path: string): string {
    return join(this.objectsDir, `${createHash('sha256').update(path, 'utf8').digest('hex')}.json`);
  }
}

function masterKeyFromConfig(value: string | Buffer, variable: string): MasterKey {
  try {
    return parseMasterKey(value, variable);
  } catch (error) {
    if (error instanceof InvalidMasterKeyError) throw new ConfigError('secrets', [{ variable, message: error.problem }]);
    throw error;
  }
}

/**
 * The generated-key setting: `master.key`, plus `master.key.next` while a rotation is
 * unfinished. With neither file, a key is generated, but only for an empty store: generating a
 * fresh key next to existing secrets would lock them away for good.
 */
async function loadKeyFiles(
  dir: string,
  previous: readonly MasterKey[],
  logger: SecretStoreLogger,
): Promise<{ keyring: Keyring; unfinishedRotation: boolean }> {
  const current = await readKeyFile(join(dir, KEY_FILE), logger);
  const next = await readKeyFile(join(dir, NEXT_KEY_FILE), logger);
  if (next) {
    logger.warn({ masterKeyId: next.id }, 'found an unfinished master key rotation; finishing it');
    return { keyring: new Keyring(next, current ? [current, ...previous] : previous), unfinishedRotation: true };
  }
  if (current) return { keyring: new Keyring(current, previous), unfinishedRotation: false };

  const existing = (await readdir(join(dir, OBJECTS))).filter((name) => OBJECT_FILE.test(name)).length;
  if (existing > 0) {
    throw new ConfigError('secrets', [
      {
        variable: 'CAUSEWAY_MASTER_KEY',
        message: `is not set and ${join(dir, KEY_FILE)} is missing, but ${existing} secret(s) exist in ${dir}; restore the key file or set the variable`,
      },
    ]);
  }
  const generated = generateMasterKey();
  await writeKeyFile(join(dir, KEY_FILE), generated);
  logger.info({ masterKeyId: generated.id, file: join(dir, KEY_FILE) }, 'generated a master key file for the local secret store');
  return { keyring: new Keyring(generated), unfinishedRotation: false };
}

async function readKeyFile(file: string, logger: SecretStoreLogger): Promise<MasterKey | null> {
  const text = await readIfExists(file);
  if (text === null) return null;
  const mode = (await stat(file)).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    logger.warn({ file, mode: mode.toString(8) }, 'master key file is readable by other users; chmod 600 it');
  }
  try {
    return parseMasterKey(text, file);
  } catch (error) {
    if (error instanceof InvalidMasterKeyError) throw new ConfigError('secrets', [{ variable: file, message: error.problem }]);
    throw error;
  }
}

async function writeKeyFile(file: string, key: MasterKey): Promise<void> {
  await writeFileAtomic(file, `${encodeMasterKey(key)}\n`, 0o600);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

/**
 * Leftovers of writes interrupted by a crash; the target file still holds its previous content.
 * Recent ones are left alone: they may belong to a write still in flight in this process.
 */
async function sweepTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!TEMP_FILE.test(name)) continue;
    const file = join(dir, name);
    const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STALE_TEMP_MS) await rm(file, { force: true });
  }
}
