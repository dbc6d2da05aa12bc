import { InvalidSecretDataError } from './errors';
import type { SecretData, WriteOptions } from './secret-store';

const MAX_KEYS = 64;
const KEY = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Both adapters accept exactly the same input, so a write the embedded default takes is a write
 * Vault takes too. Messages name the key at fault, never the value.
 */
export function assertSecretData(path: string, data: unknown): SecretData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidSecretDataError(path, undefined, 'expected an object of string values');
  }
  const entries = Object.entries(data);
  if (entries.length > MAX_KEYS) {
    throw new InvalidSecretDataError(path, undefined, `more than ${MAX_KEYS} keys`);
  }
  for (const [key, value] of entries) {
    if (!KEY.test(key)) {
      throw new InvalidSecretDataError(path, key, `key ${JSON.stringify(key.slice(0, 40))} may only hold letters, digits, '_', '-' and '.'`);
    }
    if (typeof value !== 'string') {
      throw new InvalidSecretDataError(path, key, `the value of ${JSON.stringify(key)} is a ${value === null ? 'null' : typeof value}, not a string`);
    }
  }
  return data as SecretData;
}

/** Returns the cas to send, or undefined for an unconditional write. */
export function assertCas(path: string, options: WriteOptions | undefined): number | undefined {
  const cas = options?.cas;
  if (cas === undefined) return undefined;
  if (!Number.isSafeInteger(cas) || cas < 0) {
    throw new InvalidSecretDataError(path, undefined, `cas must be a whole number >= 0, got ${String(cas)}`);
  }
  return cas;
}
