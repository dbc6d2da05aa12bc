import { createHash, randomBytes } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  /** Public fingerprint recorded beside every wrapped data key; reveals nothing about the key. */
  readonly id: string;
  readonly key: Buffer;
}

/** A master key that is not base64 of 32 bytes. The message never contains the value. */
export class InvalidMasterKeyError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source} ${problem}`);
    this.name = 'InvalidMasterKeyError';
  }
}

const HINT = 'generate one with: openssl rand -base64 32';

/** Accepts base64 (standard or URL-safe, surrounding whitespace ignored) of exactly 32 bytes. */
export function parseMasterKey(value: string | Buffer, source: string): MasterKey {
  if (Buffer.isBuffer(value)) {
    if (value.length !== MASTER_KEY_BYTES) {
      throw new InvalidMasterKeyError(source, `must be ${MASTER_KEY_BYTES} bytes, got ${value.length}`);
    }
    return masterKey(Buffer.from(value));
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw new InvalidMasterKeyError(source, `is empty; ${HINT}`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new InvalidMasterKeyError(source, `is not base64 (it must encode ${MASTER_KEY_BYTES} random bytes); ${HINT}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new InvalidMasterKeyError(source, `must be the base64 encoding of exactly ${MASTER_KEY_BYTES} bytes, but it decodes to ${key.length}; ${HINT}`);
  }
  return masterKey(key);
}

export function generateMasterKey(): MasterKey {
  return masterKey(randomBytes(MASTER_KEY_BYTES));
}

export function encodeMasterKey(key: MasterKey): string {
  return key.key.toString('base64');
}

function masterKey(key: Buffer): MasterKey {
  // A domain-separated hash of a 256-bit random key: safe to store in the clear, stable across restarts.
  const id = createHash('sha256').update('causeway.master-key-id\0').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

/**
 * The master keys this process may unwrap with, and the one it wraps new data keys with. Holding
 * more than one is the normal state only while a rotation is unfinished.
 */
export class Keyring {
  private readonly keys = new Map<string, MasterKey>();
  private activeId: string;

  constructor(active: MasterKey, readable: readonly MasterKey[] = []) {
    for (const key of readable) this.keys.set(key.id, key);
    this.keys.set(active.id, active);
    this.activeId = active.id;
  }

  get active(): MasterKey {
    return this.keys.get(this.activeId)!;
  }

  get size(): number {
    return this.keys.size;
  }

  get(id: string): MasterKey | undefined {
    return this.keys.get(id);
  }

  ids(): string[] {
    return [...this.keys.keys()];
  }

  /** New data keys are wrapped with `key` from now on; the others stay readable. */
  activate(key: MasterKey): void {
    this.keys.set(key.id, key);
    this.activeId = key.id;
  }

  /** Drops every key but the active one, once nothing is wrapped with them any more. */
  retireInactive(): void {
    for (const id of this.keys.keys()) if (id !== this.activeId) this.keys.delete(id);
  }
}
