import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent } from '@causeway/contracts';
import { createEgressGuard, loadEgressSettings, type EgressGuard } from '@causeway/egress';
import type { BusMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { AppError } from '@causeway/platform';
import type { SecretStore } from '@causeway/secrets';
import type { DataSource } from 'typeorm';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../testing/scratch-data-plane-database.test-support';
import { ApprovalGate, type GateDecision, type GateInput } from './approval-gate';
import { ApprovalNotifier } from './approval-notifier';
import { change, keyData, newView } from '../config-view/config-view.test-support';
import { verifyApprovalSignature } from './approval-signature';
import { ApprovalStore } from './approval-store';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const OTHER_TENANT = '9b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const KEY = '5a0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93';
const CREATOR = 'c0000000-0000-4000-8000-000000000001';
const APPROVER = { userId: 'a0000000-0000-4000-8000-000000000002', label: 'approver@acme.test' };
const SECRET = 'whsec-integration-0123456789abcdef0123';

const principal: AgentPrincipal = {
  tenantId: TENANT,
  keyId: KEY,
  keyName: 'agent',
  permissions: ['call:Tool'],
  allowedTools: null,
  allowedConnections: null,
  keyScopes: ['call:Tool'],
  creatorPermissions: ['call:Tool'],
};
const call = (input: Record<string, unknown>, extra: Partial<GateInput> = {}): GateInput => ({
  principal,
  tool: 'slack.post_message',
  provider: 'slack',
  action: { sideEffect: 'write', costUnits: 1 },
  connectionId: 'c1',
  input,
  requestId: 'req-1',
  ...extra,
});

/**
 * The gate against real Postgres: concurrent re-sends of one approved call claim it once;
 * expiry is audited once however many sweeps race; budgets hold under concurrency; webhooks
 * are retried and signed; nothing crosses tenants.
 */
describe('the approval gate on Postgres', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let gate: ApprovalGate;
  let egress: EgressGuard;
  let notifier: ApprovalNotifier;
  let receiver: Server;
  let receiverUrl: string;
  const received: { body: string; signature?: string; status: number }[] = [];
  let failuresLeft = 0;
  const audit: AuditEvent[] = [];
  const { view } = newView();
  const creatorKey = (keyId: string) =>
    view.apply(change(TENANT, 'api_key', keyId, keyData(`secret-${keyId}`, keyId.slice(0, 8), { createdBy: CREATOR })), 'stream');

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('approvals', 8);
    dataSource = db.dataSource;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = failuresLeft-- > 0 ? 503 : 204;
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['causeway-signature'] as string | undefined, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    egress = createEgressGuard({ settings: loadEgressSettings({ EGRESS_ALLOW_PRIVATE: '127.0.0.1/32', EGRESS_PLAIN_HTTP: 'allowed_private' }) });
    const secrets = {
      read: async (path: string) =>
        path === `tenants/${TENANT}/approval-webhook`
          ? { data: { secret: SECRET }, version: 1, metadata: { createdAt: new Date(), updatedAt: new Date() } }
          : null,
    } as unknown as SecretStore;
    const logger = createLogger('approvals-test', 'silent');
    notifier = new ApprovalNotifier({ secretStore: secrets, egress, logger, attempts: 4, backoffBaseMs: 10 });
    const sink = { publish: async (messages: BusMessage[]) => void audit.push(...messages.map((m) => m.value as AuditEvent)) };
    gate = new ApprovalGate(new ApprovalStore(dataSource), view, sink, notifier, logger);
    creatorKey(KEY);
    view.apply(
      change(TENANT, 'policy', TENANT, {
        requireApproval: { tools: ['slack.post_message'] },
        webhookUrl: receiverUrl,
        webhookSecretSet: true,
        budgets: [{ tool: 'slack.list_channels', callsPerDay: 3 }],
        overBudget: 'refuse',
      }),
      'stream',
    );
  }, 60_000);

  afterAll(async () => {
    await notifier.drain();
    await egress.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await db.close();
  });

  async function pending(input: Record<string, unknown>): Promise<string> {
    const decision = await gate.evaluate(call(input));
    if (decision.kind !== 'pending') throw new Error(`expected pending, got ${decision.kind}`);
    return decision.approval.id;
  }

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );

  it('lets exactly one of 20 concurrent re-sends execute an approved call, and replays its result to the others afterwards', async () => {
    const id = await pending({ text: 'once' });
    await gate.decide(TENANT, id, 'approve', APPROVER, null);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => gate.evaluate(call({ text: 'once' }, { approvalId: id }))));
    const proceeded = outcomes.filter((o): o is PromiseFulfilledResult<GateDecision> => o.status === 'fulfilled' && o.value.kind === 'proceed');
    expect(proceeded).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('idempotency_in_flight');
    const ticket = (proceeded[0].value as Extract<GateDecision, { kind: 'proceed' }>).ticket;
    await gate.settle(ticket, {
      ok: true,
      reachedUpstream: true,
      response: { status: 200, body: { data: { ts: '1' }, meta: { requestId: 'r', attempts: 1 } } },
    });
    expect(await gate.evaluate(call({ text: 'once' }, { approvalId: id }))).toEqual({
      kind: 'replay',
      response: { status: 200, body: { data: { ts: '1' }, meta: { requestId: 'r', attempts: 1 } } },
    });
  });

  it('answers a repeated held call with the approval already pending, not a new one', async () => {
    const first = await pending({ text: 'ask once' });
    expect(await pending({ text: 'ask once' })).toBe(first);
    expect(await pending({ text: 'ask twice' })).not.toBe(first);
    expect(audit.filter((e) => e.action === 'approval.requested' && e.target?.id === first)).toHaveLength(1);
  });

  it('gives an approval back when the call stopped before the upstream', async () => {
    const id = await pending({ text: 'throttled' });
    await gate.decide(TENANT, id, 'approve', APPROVER, null);
    const first = await gate.evaluate(call({ text: 'throttled' }, { approvalId: id }));
    expect(first.kind).toBe('proceed');
    await gate.settle((first as Extract<GateDecision, { kind: 'proceed' }>).ticket, { ok: false, code: 'rate_limited', reachedUpstream: false });
    expect((await gate.get(TENANT, id))?.status).toBe('approved');
    // Refused by the upstream with 429: nothing was done there either.
    const second = await gate.evaluate(call({ text: 'throttled' }, { approvalId: id }));
    await gate.settle((second as Extract<GateDecision, { kind: 'proceed' }>).ticket, { ok: false, code: 'upstream_rate_limited', reachedUpstream: true });
    expect((await gate.get(TENANT, id))?.status).toBe('approved');
    expect(await dataSource.query(`SELECT 1 FROM data_plane.approval_trust WHERE key_id = $1 AND last_incident IS NOT NULL`, [KEY])).toEqual([]);
  });

  it('refuses the key creator as approver, decides once, and refuses a changed call', async () => {
    const id = await pending({ text: 'sod' });
    expect(await codeOf(gate.decide(TENANT, id, 'approve', { userId: CREATOR }, null))).toBe('forbidden');
    const decisions = await Promise.all([gate.decide(TENANT, id, 'approve', APPROVER, null), gate.decide(TENANT, id, 'reject', APPROVER, null)].map(codeOf));
    expect(decisions.sort()).toEqual(['conflict', 'ok']);
    expect(await codeOf(gate.evaluate(call({ text: 'sod!' }, { approvalId: id })))).toBe('approval_mismatch');
    expect(await codeOf(gate.evaluate(call({ text: 'sod' }, { approvalId: id, connectionId: 'c2' })))).toBe('approval_mismatch');
    expect(await codeOf(gate.evaluate(call({ text: 'sod' }, { approvalId: id, onBehalfOf: 'someone' })))).toBe('approval_mismatch');
  });

  it('lets nobody decide while the key creator is unknown (fails closed)', async () => {
    const unknownKey = { ...principal, keyId: '7a0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93' };
    const held = await gate.evaluate({ ...call({ text: 'who made you' }), principal: unknownKey });
    if (held.kind !== 'pending') throw new Error('expected pending');
    expect(await codeOf(gate.decide(TENANT, held.approval.id, 'approve', APPROVER, null))).toBe('forbidden');
    creatorKey(unknownKey.keyId);
    expect(await codeOf(gate.decide(TENANT, held.approval.id, 'approve', APPROVER, null))).toBe('ok');
  });

  it('expires on time and audits each expiry once, however many sweeps race', async () => {
    const id = await pending({ text: 'expire me' });
    await dataSource.query(`UPDATE data_plane.approvals SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await Promise.all([gate.expire(), gate.expire(), gate.expire(TENANT, id), gate.get(TENANT, id)]);
    expect(audit.filter((e) => e.action === 'approval.expired' && e.target?.id === id)).toHaveLength(1);
    expect(await codeOf(gate.decide(TENANT, id, 'approve', APPROVER, null))).toBe('approval_expired');
    expect(await codeOf(gate.evaluate(call({ text: 'expire me' }, { approvalId: id })))).toBe('approval_expired');
  });

  it('closes an execution interrupted mid-call as outcome unknown, never running it again', async () => {
    const id = await pending({ text: 'interrupted' });
    await gate.decide(TENANT, id, 'approve', APPROVER, null);
    expect((await gate.evaluate(call({ text: 'interrupted' }, { approvalId: id }))).kind).toBe('proceed');
    // The replica dies here; its claim is old.
    await dataSource.query(`UPDATE data_plane.approvals SET executed_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    await Promise.all([gate.abandonStale(), gate.abandonStale()]);
    expect(audit.filter((e) => e.action === 'approval.executed' && e.target?.id === id)).toHaveLength(1);
    const replay = await gate.evaluate(call({ text: 'interrupted' }, { approvalId: id }));
    expect(replay).toMatchObject({ kind: 'replay', response: { status: 504, body: { error: { code: 'upstream_timeout', retryable: false } } } });
    expect((await gate.get(TENANT, id))?.executionOutcome).toBe('unknown');
  });

  it('never shows or decides an approval across tenants', async () => {
    const id = await pending({ text: 'mine' });
    expect(await gate.get(OTHER_TENANT, id)).toBeUndefined();
    expect((await gate.list(OTHER_TENANT, { first: 100 })).items).toEqual([]);
    expect(await codeOf(gate.decide(OTHER_TENANT, id, 'approve', APPROVER, null))).toBe('not_found');
    expect(await codeOf(gate.evaluate({ ...call({ text: 'mine' }, { approvalId: id }), principal: { ...principal, tenantId: OTHER_TENANT } }))).toBe(
      'not_found',
    );
  });

  it('holds a daily budget exactly under concurrency', async () => {
    const list = (): GateInput => ({ ...call({}), tool: 'slack.list_channels', action: { sideEffect: 'read' } });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => codeOf(gate.evaluate(list()))));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'budget_exhausted')).toHaveLength(7);
    expect(await gate.usage(TENANT, KEY, 1)).toEqual(
      expect.arrayContaining([{ day: new Date().toISOString().slice(0, 10), tool: 'slack.list_channels', calls: 3, costUnits: 0 }]),
    );
  });

  it('gives the budget back for a call that was not made after all', async () => {
    const key = { ...principal, keyId: '8a0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93' };
    const list = (): GateInput => ({ ...call({}), principal: key, tool: 'slack.list_channels', action: { sideEffect: 'read' } });
    const decisions = await Promise.all([gate.evaluate(list()), gate.evaluate(list()), gate.evaluate(list())]);
    expect(await codeOf(gate.evaluate(list()))).toBe('budget_exhausted');
    await gate.settle((decisions[0] as Extract<GateDecision, { kind: 'proceed' }>).ticket, { ok: false, code: 'upstream_rate_limited', reachedUpstream: true });
    expect((await gate.evaluate(list())).kind).toBe('proceed');
  });

  it("reports a key's trust per tool as the call path applies it: counting, graduated, demoted, and per tenant", async () => {
    const tenantId = '7b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
    const keyId = '6a0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93';
    view.apply(change(tenantId, 'api_key', keyId, keyData(`secret-${keyId}`, keyId.slice(0, 8), { createdBy: CREATOR })), 'stream');
    view.apply(
      change(tenantId, 'policy', tenantId, { requireApproval: { tools: ['slack.post_message'] }, graduation: { successes: 2, windowDays: 7 } }),
      'stream',
    );
    const mine = (input: Record<string, unknown>, extra: Partial<GateInput> = {}) => call(input, { principal: { ...principal, tenantId, keyId }, ...extra });
    const succeed = (decision: GateDecision) =>
      gate.settle((decision as Extract<GateDecision, { kind: 'proceed' }>).ticket, {
        ok: true,
        reachedUpstream: true,
        response: { status: 200, body: { data: {}, meta: { requestId: 'r', attempts: 1 } } },
      });
    const approvedSuccess = async (text: string) => {
      const held = await gate.evaluate(mine({ text }));
      if (held.kind !== 'pending') throw new Error(`expected pending, got ${held.kind}`);
      await gate.decide(tenantId, held.approval.id, 'approve', APPROVER, null);
      await succeed(await gate.evaluate(mine({ text }, { approvalId: held.approval.id })));
    };
    expect(await gate.keyTrust(tenantId, keyId)).toEqual([]);

    await approvedSuccess('one');
    expect(await gate.keyTrust(tenantId, keyId)).toEqual([
      { tool: 'slack.post_message', graduated: false, graduatedAt: null, approvedSuccesses: 1, lastIncidentAt: null, lastIncident: null },
    ]);
    await approvedSuccess('two');
    // The next call graduates the key and goes through alone.
    const alone = await gate.evaluate(mine({ text: 'three' }));
    expect(alone.kind).toBe('proceed');
    const [graduated] = await gate.keyTrust(tenantId, keyId);
    expect(graduated).toMatchObject({ tool: 'slack.post_message', graduated: true, approvedSuccesses: 2, lastIncident: null });

    // A failed execution is an incident: demoted, and the count restarts from it.
    await gate.settle((alone as Extract<GateDecision, { kind: 'proceed' }>).ticket, { ok: false, code: 'upstream_error', reachedUpstream: true });
    const [demoted] = await gate.keyTrust(tenantId, keyId);
    expect(demoted).toMatchObject({ tool: 'slack.post_message', graduated: false, approvedSuccesses: 0, lastIncidentAt: expect.any(String) });
    expect(demoted.lastIncident).toEqual(expect.any(String));
    expect(await gate.keyTrust(OTHER_TENANT, keyId)).toEqual([]);
  });

  it('retries a failing webhook with backoff and signs every attempt', async () => {
    received.length = 0;
    failuresLeft = 2;
    const id = await pending({ text: 'hook' });
    await notifier.drain();
    const mine = received.filter((r) => r.body.includes(id));
    expect(mine.map((r) => r.status)).toEqual([503, 503, 204]);
    for (const r of mine) expect(verifyApprovalSignature(SECRET, r.body, r.signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(mine[0].body)).toMatchObject({
      type: 'approval.requested',
      tenantId: TENANT,
      approval: { id, status: 'pending', tool: 'slack.post_message' },
    });
    // Inputs stay out of notifications.
    expect(mine[0].body).not.toContain('"input"');
  });
});
