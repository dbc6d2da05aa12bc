import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256-GCM encryption, base64 fields so it sits in a JSON file. */
export interface SealedBox {
  iv: string;
  ciphertext: string;
  tag: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A fresh random 96-bit IV per call. Every key here encrypts at most a handful of messages
 * (a data key one payload, a master key one data key per secret version), far below GCM's
 * random-IV limit of 2^32 messages per key.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Throws `AuthenticationFailed` when the key, the AAD or any byte of the box is wrong. */
export function unseal(key: Buffer, box: SealedBox, aad: Buffer): Buffer {
  const iv = Buffer.from(box.iv, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new AuthenticationFailed('malformed IV or tag');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]);
  } catch (error) {
    throw new AuthenticationFailed('authentication tag mismatch', error);
  }
}

export class AuthenticationFailed extends Error {
  constructor(reason: string, cause?: unknown) {
    super(reason, { cause });
    this.name = 'AuthenticationFailed';
  }
}
