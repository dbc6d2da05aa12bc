import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, runTsProcess, type ScratchDatabase } from '@causeway/testing';
import { canonicalJson } from '@causeway/contracts';
import { ChainFixture } from './chain-fixture';
import { sql } from './audit-test-support';

/**
 * Whatever someone with full database access changes behind the service's back, verification
 * names the first sequence number where the chain no longer holds. Rows are altered here as
 * the Postgres superuser, the way an attacker or a careless operator would.
 */
describe('tamper detection', () => {
  let db: ScratchDatabase;
  let chain: ChainFixture;
  const exec = (text: string, params: unknown[] = []) => sql(db.url, text, params);

  beforeAll(async () => {
    db = await createScratchDatabase('audit_tamper');
    chain = await ChainFixture.open(db.url);
  }, 60_000);

  afterAll(async () => {
    await chain?.close();
    await db?.drop();
  });

  it('finds an untouched chain intact, with its checkpoints', async () => {
    const tenant = await chain.tenantWith(50, [10, 30, 50]);
    expect(await chain.verify(tenant)).toEqual({ ok: true, checkedCount: 50, headSeq: 50, checkpointsChecked: 3 });
  });

  it('reports an altered event at its sequence', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`UPDATE audit.audit_events SET event = jsonb_set(event::jsonb, '{details,channel}', '"#leaked"')::json WHERE tenant_id = $1 AND seq = 7`, [
      tenant,
    ]);
    expect(await chain.verify(tenant)).toEqual({
      ok: false,
      brokenAt: 7,
      reason: expect.stringContaining('the event, its hash or its place in the chain was altered'),
    });
  });

  it('reports an altered hash at its sequence', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`UPDATE audit.audit_events SET hash = sha256(hash) WHERE tenant_id = $1 AND seq = 12`, [tenant]);
    expect(await chain.verify(tenant)).toMatchObject({ ok: false, brokenAt: 12 });
  });

  it('reports an event rewritten together with its own hash at the next link, which no longer fits', async () => {
    const tenant = await chain.tenantWith(50, []);
    const [row] = await exec(`SELECT event::jsonb AS event FROM audit.audit_events WHERE tenant_id = $1 AND seq = 7`, [tenant]);
    const [before] = await exec(`SELECT hash FROM audit.audit_events WHERE tenant_id = $1 AND seq = 6`, [tenant]);
    const forged = canonicalJson({ ...(row.event as object), outcome: 'denied' });
    const hash = createHash('sha256')
      .update(before.hash as Buffer)
      .update(forged)
      .digest();
    await exec(`UPDATE audit.audit_events SET event = $2::json, outcome = 'denied', hash = $3 WHERE tenant_id = $1 AND seq = 7`, [tenant, forged, hash]);
    expect(await chain.verify(tenant)).toEqual({ ok: false, brokenAt: 8, reason: expect.stringContaining('SHA-256(hash of 7 ‖ event)') });
  });

  it('reports a deleted event as its missing sequence', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq = 5`, [tenant]);
    expect(await chain.verify(tenant)).toEqual({ ok: false, brokenAt: 5, reason: 'sequence 5 is missing (next stored is 6)' });
  });

  it('reports a deleted first event, which is not mistaken for retention', async () => {
    const tenant = await chain.tenantWith(20);
    await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq = 1`, [tenant]);
    expect(await chain.verify(tenant)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('reports two reordered events at the first of the two places', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`UPDATE audit.audit_events SET seq = -10 WHERE tenant_id = $1 AND seq = 10`, [tenant]);
    await exec(`UPDATE audit.audit_events SET seq = 10 WHERE tenant_id = $1 AND seq = 11`, [tenant]);
    await exec(`UPDATE audit.audit_events SET seq = 11 WHERE tenant_id = $1 AND seq = -10`, [tenant]);
    expect(await chain.verify(tenant)).toEqual({ ok: false, brokenAt: 10, reason: expect.stringContaining('its place in the chain was altered') });
  });

  it('reports a search column edited to hide an event from a filter, when asked to check columns', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`UPDATE audit.audit_events SET actor_id = 'someone-else' WHERE tenant_id = $1 AND seq = 33`, [tenant]);
    expect(await chain.verify(tenant, { checkColumns: true })).toEqual({
      ok: false,
      brokenAt: 33,
      reason: 'the search columns of 33 no longer match its event',
    });
    // The chain itself is intact: the hash covers the event, not its search columns.
    expect(await chain.verify(tenant)).toMatchObject({ ok: true });
  });

  it('reports an event edited into something the database cannot read back, at its sequence', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`UPDATE audit.audit_events SET event = jsonb_set(event::jsonb, '{occurredAt}', '"not a time"')::json WHERE tenant_id = $1 AND seq = 21`, [
      tenant,
    ]);
    expect(await chain.verify(tenant)).toMatchObject({ ok: false, brokenAt: 21 });
    expect(await chain.verify(tenant, { checkColumns: true })).toEqual({ ok: false, brokenAt: 21, reason: expect.stringContaining('cannot be read back') });
  });

  describe('a truncated tail', () => {
    it('is caught by the signed checkpoint even when the chain head is moved back too', async () => {
      const tenant = await chain.tenantWith(50, [25, 50]);
      const [last] = await exec(`SELECT hash FROM audit.audit_events WHERE tenant_id = $1 AND seq = 40`, [tenant]);
      await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq > 40`, [tenant]);
      await exec(`UPDATE audit.chain_heads SET seq = 40, hash = $2 WHERE tenant_id = $1`, [tenant, last.hash]);
      expect(await chain.verify(tenant)).toEqual({
        ok: false,
        brokenAt: 41,
        reason: 'the chain ends at 40 but a checkpoint is signed at 50: the tail was truncated',
      });
    });

    it('is caught when only the rows are deleted', async () => {
      const tenant = await chain.tenantWith(50, [25]);
      await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq > 45`, [tenant]);
      expect(await chain.verify(tenant)).toMatchObject({ ok: false, brokenAt: 46 });
    });
  });

  it('catches a chain consistently rewritten from some point on at the first signed checkpoint after it', async () => {
    const tenant = await chain.tenantWith(50, [10, 30, 50]);
    const rows = await exec(`SELECT seq, event::jsonb AS event FROM audit.audit_events WHERE tenant_id = $1 AND seq >= 20 ORDER BY seq`, [tenant]);
    let [{ hash: prev }] = await exec(`SELECT hash FROM audit.audit_events WHERE tenant_id = $1 AND seq = 19`, [tenant]);
    for (const row of rows) {
      const forged = canonicalJson({ ...(row.event as object), outcome: 'failed' });
      const hash = createHash('sha256')
        .update(prev as Buffer)
        .update(forged)
        .digest();
      await exec(`UPDATE audit.audit_events SET event = $3::json, outcome = 'failed', hash = $4 WHERE tenant_id = $1 AND seq = $2`, [
        tenant,
        row.seq,
        forged,
        hash,
      ]);
      prev = hash;
    }
    expect(await chain.verify(tenant)).toEqual({
      ok: false,
      brokenAt: 30,
      reason: 'hash differs from the signed checkpoint at 30: the chain up to here was rewritten',
    });
  });

  it('reports a checkpoint whose signature was forged', async () => {
    const tenant = await chain.tenantWith(50, [20, 50]);
    await exec(`UPDATE audit.checkpoints SET signature = sha256(signature) || sha256(signature) WHERE tenant_id = $1 AND seq = 20`, [tenant]);
    expect(await chain.verify(tenant)).toEqual({ ok: false, brokenAt: 20, reason: 'the checkpoint at 20 has an invalid signature' });
  });

  it('reports rows added past the chain head', async () => {
    const tenant = await chain.tenantWith(10);
    await exec(
      `INSERT INTO audit.audit_events SELECT tenant_id, 11, gen_random_uuid(), occurred_at, stored_at, action, outcome, actor_type, actor_id, tool,
         connection_id, correlation_id, event, sha256(hash) FROM audit.audit_events WHERE tenant_id = $1 AND seq = 10`,
      [tenant],
    );
    expect(await chain.verify(tenant)).toEqual({ ok: false, brokenAt: 11, reason: 'rows up to 11 exist beyond the chain head at 10' });
  });

  it('verifies a sub-range on its own, anchored on the sequence before it', async () => {
    const tenant = await chain.tenantWith(50);
    await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq = 45`, [tenant]);
    expect(await chain.verify(tenant, { fromSeq: 10, toSeq: 40 })).toEqual({ ok: true, checkedCount: 31, headSeq: 40, checkpointsChecked: 0 });
    expect(await chain.verify(tenant, { fromSeq: 41 })).toMatchObject({ ok: false, brokenAt: 45 });
  });

  it('makes the CLI exit 1 and print the first broken sequence', async () => {
    const tenant = await chain.tenantWith(30);
    const key = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'public.pem');
    writeFileSync(key, chain.key.publicKeyPem);
    expect(await runTsProcess('apps/audit/src/cli.ts', { DATABASE_URL: db.url }, ['verify', '--tenant', tenant, '--public-key', key])).toEqual({
      code: 0,
      output: 'ok: 30 events verified up to sequence 30, 1 signed checkpoints matched\n',
    });
    await exec(`DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq = 17`, [tenant]);
    expect(await runTsProcess('apps/audit/src/cli.ts', { DATABASE_URL: db.url }, ['verify', '--tenant', tenant, '--public-key', key])).toEqual({
      code: 1,
      output: 'broken at sequence 17: sequence 17 is missing (next stored is 18)\n',
    });
    expect((await runTsProcess('apps/audit/src/cli.ts', { DATABASE_URL: db.url }, ['verify', '--tenant', tenant])).code).toBe(2);
  }, 60_000);
});
