import { ChainVerifier, type VerifiableLink } from './chain-verifier';
import { extendChain, GENESIS_HASH, type ChainLink } from './hash-chain';

const chainOf = (n: number): ChainLink[] =>
  extendChain(
    { seq: 0, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => `{"n":${i + 1}}`),
  );

function verify(links: VerifiableLink[], options: { checkpoints?: Map<number, Buffer>; mustReach?: number; firstSeq?: number } = {}) {
  const verifier = new ChainVerifier({ firstSeq: options.firstSeq ?? 1, prevHash: GENESIS_HASH }, options.checkpoints);
  for (const link of links) if (!verifier.push(link)) break;
  return verifier.finish(options.mustReach === undefined ? undefined : { seq: options.mustReach, why: 'test says so' });
}

describe('ChainVerifier', () => {
  it('accepts an intact chain and reports how much it checked', () => {
    expect(verify(chainOf(5))).toEqual({ ok: true, checkedCount: 5, headSeq: 5, checkpointsChecked: 0 });
  });

  it('reports an altered event at its own sequence', () => {
    const links = chainOf(10);
    links[6] = { ...links[6], canonicalEvent: '{"n":700}' };
    expect(verify(links)).toEqual({ ok: false, brokenAt: 7, reason: expect.stringContaining('hash does not match') });
  });

  it('reports a deleted event as the missing sequence', () => {
    const links = chainOf(10).filter((l) => l.seq !== 5);
    expect(verify(links)).toEqual({ ok: false, brokenAt: 5, reason: expect.stringContaining('sequence 5 is missing') });
  });

  it('reports two swapped events at the first of the two places', () => {
    const links = chainOf(12);
    const swapped = [...links.slice(0, 9), { ...links[10], seq: 10 }, { ...links[9], seq: 11 }, links[11]];
    expect(verify(swapped)).toEqual({ ok: false, brokenAt: 10, reason: expect.stringContaining('prevHash does not match') });
    const withoutCopies = swapped.map(({ prevHash: _prevHash, ...link }) => link);
    expect(verify(withoutCopies)).toEqual({ ok: false, brokenAt: 10, reason: expect.stringContaining('its place in the chain') });
  });

  it('reports a repeated sequence number', () => {
    const links = chainOf(4);
    expect(verify([links[0], links[1], links[1], links[2]])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('catches a chain rewritten consistently from some point on, at the first signed checkpoint after it', () => {
    const original = chainOf(10);
    const rewritten = [...original.slice(0, 3), ...extendChain({ seq: 3, hash: original[2].hash }, Array(7).fill('{"forged":true}'))];
    const checkpoints = new Map([
      [2, original[1].hash],
      [8, original[7].hash],
    ]);
    expect(verify(rewritten, { checkpoints })).toEqual({ ok: false, brokenAt: 8, reason: expect.stringContaining('signed checkpoint') });
  });

  it('counts the checkpoints it matched', () => {
    const links = chainOf(6);
    expect(
      verify(links, {
        checkpoints: new Map([
          [3, links[2].hash],
          [6, links[5].hash],
        ]),
      }),
    ).toMatchObject({ ok: true, checkpointsChecked: 2 });
  });

  it('catches a truncated tail when the chain must reach a later sequence', () => {
    expect(verify(chainOf(1900), { mustReach: 2000 })).toEqual({
      ok: false,
      brokenAt: 1901,
      reason: 'the chain ends at 1900 but test says so: the tail was truncated',
    });
  });

  it('reports a break noted ahead only if nothing earlier is broken', () => {
    const links = chainOf(10);
    const ahead = new ChainVerifier({ firstSeq: 1, prevHash: GENESIS_HASH });
    ahead.breakAhead(8, 'bad checkpoint');
    for (const link of links) if (!ahead.push(link)) break;
    expect(ahead.finish()).toEqual({ ok: false, brokenAt: 8, reason: 'bad checkpoint' });

    const earlier = new ChainVerifier({ firstSeq: 1, prevHash: GENESIS_HASH });
    earlier.breakAhead(8, 'bad checkpoint');
    for (const link of links.filter((l) => l.seq !== 4)) if (!earlier.push(link)) break;
    expect(earlier.finish()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('verifies a segment from its own first prevHash when no anchor is given', () => {
    const links = chainOf(10).slice(4);
    const verifier = new ChainVerifier({ firstSeq: 5 });
    for (const link of links) verifier.push(link);
    expect(verifier.finish({ seq: 10, why: 'segment' })).toEqual({ ok: true, checkedCount: 6, headSeq: 10, checkpointsChecked: 0 });
  });
});
