import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointMessage, checkpointSignatureValid, signCheckpoint } from './checkpoint';
import { keyIdOf, loadSigningKey, parsePublicKey, parseSigningKey } from './signing-key';

const claim = { tenantId: 'tenant-1', seq: 42, headHash: 'ab'.repeat(32), createdAt: '2026-03-01T10:00:00.000Z' };

describe('checkpoints', () => {
  const key = loadSigningKey({});

  it('signs the canonical JSON of the claim with a type tag', () => {
    expect(checkpointMessage(claim).toString()).toBe(
      `{"createdAt":"2026-03-01T10:00:00.000Z","headHash":"${'ab'.repeat(32)}","seq":42,"tenantId":"tenant-1","type":"causeway.audit.checkpoint.v1"}`,
    );
  });

  it('verifies with the public key and names the key that signed', () => {
    const signed = signCheckpoint(claim, key);
    expect(signed.keyId).toBe(key.keyId);
    expect(checkpointSignatureValid(signed, key.publicKey)).toBe(true);
  });

  it.each([
    ['another sequence', { seq: 43 }],
    ['another head', { headHash: 'cd'.repeat(32) }],
    ['another tenant', { tenantId: 'tenant-2' }],
    ['another time', { createdAt: '2026-03-01T10:00:00.001Z' }],
    ['a garbled signature', { signature: 'AAAA' }],
  ])('rejects a checkpoint changed to %s', (_what, change) => {
    expect(checkpointSignatureValid({ ...signCheckpoint(claim, key), ...change }, key.publicKey)).toBe(false);
  });

  it('rejects a signature by another key', () => {
    expect(checkpointSignatureValid(signCheckpoint(claim, loadSigningKey({})), key.publicKey)).toBe(false);
  });
});

describe('signing keys', () => {
  const pair = generateKeyPairSync('ed25519');

  it('reads a PKCS#8 private key as PEM or as base64 DER, and the public key likewise', () => {
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(keyIdOf(parsePublicKey(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString()))).toBe(keyIdOf(pair.publicKey));
    expect(keyIdOf(parsePublicKey(pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')))).toBe(keyIdOf(pair.publicKey));
    expect(loadSigningKey({ key: pem })).toMatchObject({ keyId: keyIdOf(pair.publicKey), source: 'env' });
    expect(loadSigningKey({ key: der })).toMatchObject({ keyId: keyIdOf(pair.publicKey), source: 'env' });
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow('expected an Ed25519 private key, got rsa');
    expect(() => parseSigningKey('hello')).toThrow('expected an Ed25519 private key as PKCS#8 PEM or base64 DER');
  });

  it('generates a key file once and reads it back afterwards', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'nested', 'key.pem');
    const first = loadSigningKey({ file });
    expect(first.source).toBe('generated-file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSigningKey({ file })).toMatchObject({ keyId: first.keyId, source: 'file' });
  });
});
