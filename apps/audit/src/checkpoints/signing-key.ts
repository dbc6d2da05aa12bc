import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The Ed25519 key that signs checkpoints, and where it came from. Only its public half ever
 * leaves the process (`GET /v1/audit/public-key`); auditors keep that half to verify
 * checkpoints and exports without trusting the database.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of SHA-256 over the public key's SPKI DER; names the key in checkpoints. */
  keyId: string;
  publicKeyPem: string;
  source: 'env' | 'file' | 'generated-file' | 'ephemeral';
}

/** Reads a PKCS#8 Ed25519 private key given as PEM or as base64 of the DER. */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('-----')
      ? createPrivateKey({ key: trimmed, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('expected an Ed25519 private key as PKCS#8 PEM or base64 DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 private key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  return key;
}

/** Reads an Ed25519 public key given as SPKI PEM or base64 of the DER (what auditors hold). */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('-----')
      ? createPublicKey({ key: trimmed, format: 'pem' })
      : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error('expected an Ed25519 public key as SPKI PEM or base64 DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('expected an Ed25519 public key');
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

function fromPrivate(privateKey: KeyObject, source: SigningKey['source']): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    source,
  };
}

export interface SigningKeySettings {
  /** `AUDIT_SIGNING_KEY`: PEM or base64 PKCS#8. Wins over the file. */
  key?: string;
  /** `AUDIT_SIGNING_KEY_FILE`: read it, or create it (mode 0600) when missing. */
  file?: string;
}

/**
 * The key from the environment, else from (or generated into) a file, else an ephemeral key:
 * checkpoints signed by an ephemeral key cannot be verified after a restart, so the caller
 * logs that loudly.
 */
export function loadSigningKey(settings: SigningKeySettings): SigningKey {
  if (settings.key) return fromPrivate(parseSigningKey(settings.key), 'env');
  if (settings.file) {
    if (existsSync(settings.file)) return fromPrivate(parseSigningKey(readFileSync(settings.file, 'utf8')), 'file');
    const key = generateKeyPairSync('ed25519').privateKey;
    mkdirSync(dirname(settings.file), { recursive: true });
    writeFileSync(settings.file, key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return fromPrivate(key, 'generated-file');
  }
  return fromPrivate(generateKeyPairSync('ed25519').privateKey, 'ephemeral');
}
