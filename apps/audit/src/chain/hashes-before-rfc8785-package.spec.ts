import { canonicalJson } from '@causeway/contracts';
import { ChainVerifier } from './chain-verifier';
import { GENESIS_HASH } from './hash-chain';
import fixture from './fixtures/chain-hashed-before-rfc8785-package.json';

/**
 * The fixture was hashed by the hand-written canonical JSON the audit service used until it
 * switched to the canonicalize package (docs/decisions/0008-one-canonical-json.md). Chains
 * stored before the switch must keep verifying: the canonical text of each event is
 * recomputed from the event, as verification of a stored chain does, and must be the same bytes.
 */
describe('audit chains hashed before the switch to the RFC 8785 package', () => {
  it('canonicalise every stored event to the very text that was hashed', () => {
    expect(fixture.events.map((event) => canonicalJson(event))).toEqual(fixture.links.map((link) => link.canonicalEvent));
  });

  it('still verify from the genesis hash to the head', () => {
    const verifier = new ChainVerifier({ firstSeq: 1, prevHash: GENESIS_HASH });
    fixture.events.forEach((event, i) => {
      const link = fixture.links[i];
      verifier.push({ seq: link.seq, hash: Buffer.from(link.hash, 'hex'), prevHash: Buffer.from(link.prevHash, 'hex'), canonicalEvent: canonicalJson(event) });
    });
    expect(verifier.finish()).toEqual({ ok: true, checkedCount: fixture.events.length, headSeq: fixture.events.length, checkpointsChecked: 0 });
  });

  it('would notice a changed canonical form', () => {
    const verifier = new ChainVerifier({ firstSeq: 1, prevHash: GENESIS_HASH });
    const [first] = fixture.links;
    verifier.push({ seq: first.seq, hash: Buffer.from(first.hash, 'hex'), canonicalEvent: JSON.stringify(fixture.events[0]) });
    expect(verifier.finish()).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
