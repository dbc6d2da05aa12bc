import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { providerKeys } from './provider-keys';

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = () => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  return { jwk, sign };
}

async function keyFor(getKey: ReturnType<typeof providerKeys>, token: string) {
  const [header] = token.split('.');
  return getKey(JSON.parse(Buffer.from(header, 'base64url').toString()), { payload: '', signature: '' } as never);
}

describe('providerKeys', () => {
  it('reads the key set once and serves verifications from it until it is stale', async () => {
    const first = await signingKey('k1');
    let clock = 0;
    const reads: number[] = [];
    const keys = providerKeys({ fetchKeySet: async () => (reads.push(clock), { keys: [first.jwk] }), now: () => clock, maxAgeMs: 1000 });
    await Promise.all([keyFor(keys, await first.sign()), keyFor(keys, await first.sign())]);
    clock = 999;
    await keyFor(keys, await first.sign());
    expect(reads).toEqual([0]);
    clock = 1000;
    await keyFor(keys, await first.sign());
    expect(reads).toEqual([0, 1000]);
  });

  it('re-reads once for a key id it does not know (rotation), but not more often than the cool-down', async () => {
    const old = await signingKey('old');
    const rotated = await signingKey('new');
    let published = [old.jwk];
    let clock = 0;
    let reads = 0;
    const keys = providerKeys({ fetchKeySet: async () => (reads++, { keys: published }), now: () => clock, cooldownMs: 30_000 });
    await keyFor(keys, await old.sign());
    published = [old.jwk, rotated.jwk];
    // Within the cool-down a made-up or brand-new kid does not cause a read.
    await expect(keyFor(keys, await rotated.sign())).rejects.toThrow(/no applicable key/i);
    expect(reads).toBe(1);
    clock = 30_000;
    await expect(keyFor(keys, await rotated.sign())).resolves.toBeDefined();
    expect(reads).toBe(2);
  });

  it('passes on the failure of the read itself, and refuses a body that is not a key set', async () => {
    const refused = providerKeys({ fetchKeySet: async () => Promise.reject(new Error('refused by egress policy')) });
    await expect(keyFor(refused, 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.e30.x')).rejects.toThrow('refused by egress policy');
    const notKeys = providerKeys({ fetchKeySet: async () => ({ hello: 'world' }) });
    await expect(keyFor(notKeys, 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.e30.x')).rejects.toThrow(/not a JSON Web Key Set/);
  });
});
