import { canonicalJson } from '@causeway/contracts';
import { extendChain, GENESIS_HASH } from '../chain/hash-chain';
import { signCheckpoint } from '../checkpoints/checkpoint';
import { loadSigningKey } from '../checkpoints/signing-key';
import { eventLine } from './export-format';
import { verifyExport } from './export-verifier';

const key = loadSigningKey({});
const tenantId = 'tenant-1';
const events = Array.from({ length: 10 }, (_, i) => ({ tenantId, n: i + 1, nested: { b: 2, a: 1 } }));
const links = extendChain({ seq: 0, hash: GENESIS_HASH }, events.map(canonicalJson));

function exportFile(options: { fromSeq?: number; toSeq?: number; checkpointAt?: number[]; drop?: number[] } = {}): string[] {
  const fromSeq = options.fromSeq ?? 1;
  const toSeq = options.toSeq ?? 10;
  const lines = [JSON.stringify({ kind: 'segment', version: 1, tenantId, from: null, to: null, fromSeq, toSeq, exportedAt: '2026-03-01T00:00:00Z' })];
  for (const seq of options.checkpointAt ?? [toSeq]) {
    const link = links[seq - 1];
    lines.push(
      JSON.stringify({
        kind: 'checkpoint',
        ...signCheckpoint({ tenantId, seq, headHash: link.hash.toString('hex'), createdAt: '2026-03-01T00:00:00.000Z' }, key),
      }),
    );
  }
  for (const link of links.slice(fromSeq - 1, toSeq)) {
    if (!options.drop?.includes(link.seq)) lines.push(eventLine({ ...link, storedAt: '2026-03-01T00:00:00Z' }).trimEnd());
  }
  return lines;
}

async function* asLines(lines: string[]) {
  yield* lines;
}

describe('verifyExport (offline)', () => {
  it('accepts an intact export and checks its checkpoints', async () => {
    expect(await verifyExport(asLines(exportFile({ checkpointAt: [4, 10] })), key.publicKey)).toEqual({
      ok: true,
      checkedCount: 10,
      headSeq: 10,
      checkpointsChecked: 2,
      tenantId,
    });
  });

  it('accepts a segment from the middle of the chain, anchored on its first prevHash', async () => {
    expect(await verifyExport(asLines(exportFile({ fromSeq: 4, toSeq: 8 })), key.publicKey)).toMatchObject({ ok: true, checkedCount: 5 });
  });

  it('recomputes the canonical form, so reformatting an event does not matter but changing it does', async () => {
    const lines = exportFile();
    const reformatted = lines.map((l) => (l.includes('"seq":3,') ? JSON.stringify(JSON.parse(l), null, 0).replace('"a":1,"b":2', '"b":2,"a":1') : l));
    expect(await verifyExport(asLines(reformatted), key.publicKey)).toMatchObject({ ok: true });
    const changed = lines.map((l) => (l.includes('"seq":3,') ? l.replace('"n":3', '"n":33') : l));
    expect(await verifyExport(asLines(changed), key.publicKey)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('reports a removed event line at its sequence', async () => {
    expect(await verifyExport(asLines(exportFile({ drop: [6] })), key.publicKey)).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('reports a cut-off file', async () => {
    const lines = exportFile({ checkpointAt: [10] }).slice(0, -3);
    expect(await verifyExport(asLines(lines), key.publicKey)).toMatchObject({ ok: false, brokenAt: 8, reason: expect.stringContaining('truncated') });
  });

  it('refuses checkpoints that the given public key did not sign', async () => {
    const other = loadSigningKey({});
    expect(await verifyExport(asLines(exportFile({ checkpointAt: [5] })), other.publicKey)).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: expect.stringContaining(`not ${other.keyId}`),
    });
  });

  it('refuses a file that is not an export', async () => {
    expect(await verifyExport(asLines(['{"kind":"event"}']), key.publicKey)).toMatchObject({
      ok: false,
      reason: 'the file does not start with a segment line',
    });
    expect(await verifyExport(asLines([]), key.publicKey)).toMatchObject({ ok: false, reason: 'the file is empty' });
  });
});
