import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { catalog, type ProviderDefinition } from '@causeway/connectors';
import { TOPICS } from '@causeway/contracts';
import { createEgressGuard, loadEgressSettings, type EgressGuard } from '@causeway/egress';
import { InProcessEventBus, OutboxRelay, type ReceivedMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { createRedisClient } from '@causeway/resilience';
import {
  startJiraSimulator,
  startSalesforceSimulator,
  type JiraSimulatorControl,
  type RunningSimulator,
  type SalesforceSimulatorControl,
} from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { engineFactory, type EngineFor } from '../../actions/engine-for';
import { Admission } from '../../call/admit';
import type { ConnectionRecord } from '../../config-view/records';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { CallGuards } from '../../limits/call-guards';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { createPollingTrigger } from './polling-triggers';
import { TriggerPoller, type PollOutcome } from './trigger-poller';
import { TriggerScheduler } from './trigger-scheduler';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const limits = { tenantCallsPerMinute: 600, keyCallsPerMinute: 600, keyConcurrentCalls: 4, fallbackShare: 0.5, breakerHalfOpenAfterMs: 1_000 };

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through the integration Jest project');
  return url;
}

/** Jira with a tight declared burst (5 a second), so pacing is visible within a short test. */
const tightJira: ProviderDefinition = {
  ...(catalog.provider('jira') as ProviderDefinition),
  declaredLimits: [{ per: 'connection+endpoint+method', requests: 5, windowSeconds: 1, source: 'test' }],
};

/**
 * Polling triggers against the Jira simulator, real Postgres and Redis: changes made in Jira
 * become CloudEvents on `causeway.events.v1`, each once even across restarts (the cursor and
 * the deduplication are in Postgres), and requests stay within the declared limit.
 */
describe('polling triggers (Jira by updated, Salesforce by SystemModstamp)', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let sim: RunningSimulator<JiraSimulatorControl>;
  let salesforce: RunningSimulator<SalesforceSimulatorControl>;
  let salesforceToken: string;
  let redis: Redis;
  let egress: EgressGuard;
  let relay: OutboxRelay;
  const bus = new InProcessEventBus();
  const published: ReceivedMessage[] = [];
  const sentAt: number[] = [];
  let record: ConnectionRecord;
  let token: string;
  let connectionId: string;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('polling', 4);
    dataSource = db.dataSource;
    sim = await startJiraSimulator({ seedIssues: true });
    sim.control.setBurstLimit('GET', 5);
    token = sim.control.issueToken().accessToken;
    salesforce = await startSalesforceSimulator();
    salesforceToken = salesforce.control.issueToken().accessToken;
    redis = createRedisClient(redisUrl());
    egress = createEgressGuard({ settings: loadEgressSettings({ EGRESS_ALLOW_PRIVATE: '127.0.0.1/32', EGRESS_PLAIN_HTTP: 'allowed_private' }) });
    await bus.subscribe({ groupId: 'test', topics: [TOPICS.events], fromBeginning: true, handleBatch: async (messages) => void published.push(...messages) });
    relay = new OutboxRelay({ dataSource, bus, logger: createLogger('polling-test', 'silent'), pollIntervalMs: 20 });
    relay.start();
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await egress?.close();
    await redis?.quit();
    await sim?.stop();
    await salesforce?.stop();
    await db?.close();
  });

  beforeEach(() => {
    connectionId = `jira-${randomUUID()}`;
    record = {
      provider: 'jira',
      name: 'Jira',
      authMode: 'oauth2',
      kind: 'shared',
      ownerUserId: null,
      externalUserRef: null,
      status: 'active',
      params: { cloudId: sim.control.cloudId },
      serverOverrides: { default: `${sim.url}/ex/jira/{cloudId}` },
    };
  });

  /** A poller as the data plane runs it: one admission (Redis), the egress guard, the event store. */
  function poller(): TriggerPoller {
    const guards = new CallGuards(limits, { redis, registry: new Registry() });
    const engines = engineFactory(egress);
    const counted: EngineFor = (provider, connection) => {
      const engine = engines(provider, connection);
      return { executeAction: (call) => (sentAt.push(Date.now()), engine.executeAction(call)) };
    };
    return new TriggerPoller({
      dataSource,
      connectionOf: (tenantId, id) => {
        if (tenantId !== TENANT) return undefined;
        if (id === connectionId) return { provider: tightJira, record };
        if (id === `sf-${connectionId}`)
          return {
            provider: catalog.provider('salesforce') as ProviderDefinition,
            record: { ...record, provider: 'salesforce', params: { instanceUrl: salesforce.url }, serverOverrides: null },
          };
        return undefined;
      },
      engineFor: counted,
      credentials: { get: async (ref) => ({ authMode: 'oauth2', kind: 'token', token: ref.provider === 'salesforce' ? salesforceToken : token }) },
      admission: new Admission(guards),
      gate: guards.gate,
      store: new InboundEventStore(dataSource),
      onStored: () => relay.nudge(),
    });
  }

  const agent = () => [...sim.control.data.users.values()][0]!;
  const eventsOf = (issueId: string) => published.map((m) => JSON.parse(m.value!)).filter((e) => e.connectionid === connectionId && e.data.id === issueId);
  const rows = async () =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM data_plane.inbound_events WHERE connection_id = $1`, [connectionId]))[0].n);

  it('emits a change made in Jira once as a CloudEvent, and never again after a restart', async () => {
    const created = await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId, kind: 'jira.issues', params: { jql: 'project = OPS' } });
    if (!created.ok) throw new Error(created.problem);
    const issue = sim.control.data.createIssue({
      projectKey: 'OPS',
      summary: 'Polled into an event',
      issueTypeId: '10001',
      statusId: '10000',
      priorityId: '3',
      description: null,
      assignee: null,
      reporter: agent(),
      labels: [],
    });

    const first = await poller().poll(created.trigger);
    expect(first).toMatchObject({ status: 'polled', emitted: 1 });
    await eventually(() => eventsOf(issue.id).length > 0 || undefined, { what: 'the polled event on the bus' });
    expect(eventsOf(issue.id)[0]).toMatchObject({
      type: 'com.atlassian.jira.issue_updated',
      subject: issue.key,
      tenantid: TENANT,
      source: `/connections/${connectionId}`,
      deliveryid: `${issue.id}:${new Date(issue.updated).toISOString()}`,
    });

    // A restart: a new poller reads the trigger (and its cursor) back from Postgres.
    const reloaded = await dataSource.query(`SELECT cursor FROM data_plane.polling_triggers WHERE id = $1`, [created.trigger.id]);
    expect(new Date(reloaded[0].cursor).getTime()).toBe(issue.updated);
    const again = await poller().poll(await reload(created.trigger.id));
    expect(again).toMatchObject({ status: 'polled', emitted: 0 });

    // A later change of the same issue is a new event; the earlier one is still not repeated.
    await new Promise((resolve) => setTimeout(resolve, 5));
    sim.control.data.addComment(issue, { type: 'doc', version: 1, content: [] }, agent());
    const third = await poller().poll(await reload(created.trigger.id));
    expect(third).toMatchObject({ status: 'polled', emitted: 1 });
    await eventually(() => eventsOf(issue.id).length >= 2 || undefined, { what: 'the second change on the bus' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(eventsOf(issue.id)).toHaveLength(2);
    expect(await rows()).toBe(2);
  }, 60_000);

  it('emits a Salesforce record change once by SystemModstamp, and never again after a restart', async () => {
    const sfConnection = `sf-${connectionId}`;
    const created = await createPollingTrigger(dataSource, {
      tenantId: TENANT,
      connectionId: sfConnection,
      kind: 'salesforce.records',
      params: { object: 'Account', fields: ['Name'] },
    });
    if (!created.ok) throw new Error(created.problem);
    const org = salesforce.control.org;
    const account = org.insert(org.object('Account')!, { Name: 'Polled Corp' });
    const ofAccount = () => published.map((m) => JSON.parse(m.value!)).filter((e) => e.connectionid === sfConnection && e.data.Id === account.Id);

    expect(await poller().poll(created.trigger)).toMatchObject({ status: 'polled', emitted: 1 });
    await eventually(() => ofAccount().length > 0 || undefined, { what: 'the record change on the bus' });
    expect(ofAccount()[0]).toMatchObject({ type: 'com.salesforce.account.changed', subject: `Account/${account.Id}`, data: { Name: 'Polled Corp' } });
    expect(await poller().poll(await reload(created.trigger.id))).toMatchObject({ status: 'polled', emitted: 0 });

    await new Promise((resolve) => setTimeout(resolve, 5));
    org.touch(account);
    expect(await poller().poll(await reload(created.trigger.id))).toMatchObject({ status: 'polled', emitted: 1 });
    await eventually(() => ofAccount().length >= 2 || undefined, { what: 'the second change on the bus' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ofAccount()).toHaveLength(2);
  }, 60_000);

  it('paces polls to the declared limit: never more than 5 requests in any second, and Jira never answers 429', async () => {
    for (let i = 0; i < 4; i++) {
      const created = await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId, kind: 'jira.issues', params: { jql: 'project = WEB' } });
      if (!created.ok) throw new Error(created.problem);
    }
    const outcomes: PollOutcome[] = [];
    const scheduler = new TriggerScheduler({
      dataSource,
      poller: poller(),
      logger: createLogger('polling-test', 'silent'),
      intervalMs: 0,
      onPolled: (trigger, outcome) => trigger.connectionId === connectionId && outcomes.push(outcome),
    });
    sentAt.length = 0;
    const started = Date.now();
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await scheduler.stop();
    const window = sentAt.filter((t) => t >= started);
    expect(window.length).toBeGreaterThanOrEqual(8);
    for (const t of window) expect(window.filter((u) => u >= t && u < t + 1_000).length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o.status === 'failed')).toEqual([]);
  }, 60_000);

  it('refuses a trigger it cannot read, naming what is wrong', async () => {
    expect(await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId, kind: 'hubspot.contacts' as 'jira.issues' })).toEqual({
      ok: false,
      problem: expect.stringContaining('kind'),
    });
    expect(await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId, kind: 'salesforce.records', params: { object: 'Account; DROP' } })).toEqual(
      {
        ok: false,
        problem: expect.stringContaining('params.object'),
      },
    );
    expect(await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId, kind: 'jira.issues', params: { jql: '' } })).toEqual({
      ok: false,
      problem: expect.stringContaining('params.jql'),
    });
  });

  async function reload(id: string) {
    const { PollingTrigger } = await import('./polling-trigger.entity');
    return dataSource.getRepository(PollingTrigger).findOneByOrFail({ id });
  }
});
