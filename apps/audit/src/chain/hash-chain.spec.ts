import { createHash } from 'node:crypto';
import { chainHash, extendChain, GENESIS_HASH } from './hash-chain';

describe('hash chain', () => {
  it('hashes SHA-256 over the previous hash bytes followed by the UTF-8 canonical JSON', () => {
    const canonical = '{"a":"é"}';
    const expected = createHash('sha256')
      .update(Buffer.concat([GENESIS_HASH, Buffer.from(canonical, 'utf8')]))
      .digest();
    expect(chainHash(GENESIS_HASH, canonical).equals(expected)).toBe(true);
  });

  it('starts a tenant at sequence 1 linked to 32 zero bytes', () => {
    const [first] = extendChain({ seq: 0, hash: GENESIS_HASH }, ['{}']);
    expect(first.seq).toBe(1);
    expect(first.prevHash.equals(Buffer.alloc(32))).toBe(true);
  });

  it('gives each event the next sequence number and links it to the one before', () => {
    const links = extendChain({ seq: 41, hash: Buffer.alloc(32, 7) }, ['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(links.map((l) => l.seq)).toEqual([42, 43, 44]);
    expect(links[0].prevHash.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(links[1].prevHash.equals(links[0].hash)).toBe(true);
    expect(links[2].prevHash.equals(links[1].hash)).toBe(true);
  });

  it('extending in two steps gives the same chain as in one', () => {
    const events = ['{"n":1}', '{"n":2}', '{"n":3}'];
    const once = extendChain({ seq: 0, hash: GENESIS_HASH }, events);
    const first = extendChain({ seq: 0, hash: GENESIS_HASH }, events.slice(0, 1));
    const rest = extendChain({ seq: 1, hash: first[0].hash }, events.slice(1));
    expect([...first, ...rest].map((l) => l.hash.toString('hex'))).toEqual(once.map((l) => l.hash.toString('hex')));
  });
});
