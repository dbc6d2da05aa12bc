import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SecretIntegrityError, UnknownMasterKeyError } from '../errors';
import type { SecretData, VersionedSecret } from '../secret-store';
import { AuthenticationFailed, seal, unseal } from './envelope';
import type { Keyring } from './master-key';

/**
 * One secret version on disk, envelope-encrypted:
 *
 *   payload  = AES-256-GCM(data key, JSON(data)),    AAD = path, version and timestamps
 *   data key = AES-256-GCM(master key, data key),    AAD = path and master key id
 *
 * The path sits in both AADs, so a file copied to another path's name fails to decrypt; the
 * version and timestamps sit in the payload AAD, so editing them (to fool check-and-set) fails
 * too. Rotation re-wraps only the data key; the payload is never re-encrypted.
 */
export const RECORD_FORMAT = 'causeway.local-secret/v1';

const box = z.object({ iv: z.string(), ciphertext: z.string(), tag: z.string() });
const recordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  path: z.string().min(1),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  dataKey: box.extend({ masterKeyId: z.string().min(1) }),
  payload: box,
});

export type SecretRecord = z.infer<typeof recordSchema>;

interface RecordHeader {
  path: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const DATA_KEY_BYTES = 32;

export function encryptRecord(keyring: Keyring, header: RecordHeader, data: SecretData): SecretRecord {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const payload = seal(dataKey, Buffer.from(JSON.stringify(data), 'utf8'), payloadAad(header));
    return { format: RECORD_FORMAT, ...header, dataKey: wrap(keyring, header.path, dataKey), payload };
  } finally {
    dataKey.fill(0);
  }
}

/** Authenticates and decrypts a record read from the file that belongs to `path`. */
export function decryptRecord(keyring: Keyring, path: string, record: SecretRecord): VersionedSecret {
  const dataKey = unwrapDataKey(keyring, path, record);
  try {
    let plaintext: Buffer;
    try {
      plaintext = unseal(dataKey, record.payload, payloadAad(record));
    } catch (error) {
      if (error instanceof AuthenticationFailed) {
        throw new SecretIntegrityError(path, 'the payload or its version metadata was altered', { cause: error });
      }
      throw error;
    }
    return {
      data: parsePayload(path, plaintext),
      version: record.version,
      metadata: { createdAt: new Date(record.createdAt), updatedAt: new Date(record.updatedAt) },
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Proves the record belongs to `path` under a known master key, without decrypting the payload. */
export function authenticateRecordPath(keyring: Keyring, path: string, record: SecretRecord): void {
  unwrapDataKey(keyring, path, record).fill(0);
}

/** Re-wraps the data key under the keyring's active master key; the payload is copied as is. */
export function rewrapRecord(keyring: Keyring, record: SecretRecord): SecretRecord {
  const dataKey = unwrapDataKey(keyring, record.path, record);
  try {
    return { ...record, dataKey: wrap(keyring, record.path, dataKey) };
  } finally {
    dataKey.fill(0);
  }
}

export function parseRecord(path: string, text: string): SecretRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretIntegrityError(path, 'the file is not valid JSON');
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))].join(', ');
    throw new SecretIntegrityError(path, `the file does not have the expected shape (${fields})`);
  }
  return parsed.data;
}

export function serializeRecord(record: SecretRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

function wrap(keyring: Keyring, path: string, dataKey: Buffer): SecretRecord['dataKey'] {
  const master = keyring.active;
  return { masterKeyId: master.id, ...seal(master.key, dataKey, dataKeyAad(path, master.id)) };
}

function unwrapDataKey(keyring: Keyring, path: string, record: SecretRecord): Buffer {
  if (record.path !== path) {
    throw new SecretIntegrityError(path, 'the file belongs to another path');
  }
  const master = keyring.get(record.dataKey.masterKeyId);
  if (!master) throw new UnknownMasterKeyError(path, record.dataKey.masterKeyId, keyring.ids());
  let dataKey: Buffer;
  try {
    dataKey = unseal(master.key, record.dataKey, dataKeyAad(path, master.id));
  } catch (error) {
    if (error instanceof AuthenticationFailed) {
      throw new SecretIntegrityError(path, 'the wrapped data key was altered or belongs to another path', {
        cause: error,
      });
    }
    throw error;
  }
  if (dataKey.length !== DATA_KEY_BYTES) throw new SecretIntegrityError(path, 'the data key has the wrong length');
  return dataKey;
}

function dataKeyAad(path: string, masterKeyId: string): Buffer {
  return Buffer.from(`${RECORD_FORMAT}\0data-key\0${path}\0${masterKeyId}`, 'utf8');
}

function payloadAad(header: RecordHeader): Buffer {
  const bound = JSON.stringify([header.path, header.version, header.createdAt, header.updatedAt]);
  return Buffer.from(`${RECORD_FORMAT}\0payload\0${bound}`, 'utf8');
}

function parsePayload(path: string, plaintext: Buffer): SecretData {
  // Authenticated plaintext that is not our JSON means a bug or a forged key, not a typo. The
  // SyntaxError is dropped, not chained: V8 quotes the offending input in its message.
  let data: unknown;
  try {
    data = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new SecretIntegrityError(path, 'the decrypted payload is not JSON');
  } finally {
    plaintext.fill(0);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SecretIntegrityError(path, 'the decrypted payload is not an object');
  }
  for (const value of Object.values(data)) {
    if (typeof value !== 'string') throw new SecretIntegrityError(path, 'the decrypted payload holds a non-string value');
  }
  return data as SecretData;
}
