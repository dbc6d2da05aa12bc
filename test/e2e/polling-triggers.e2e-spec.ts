import { startJiraSimulator, type JiraSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Trigger = {
  id: string;
  connectionId: string;
  kind: string;
  params: { jql: string | null; object: string | null; fields: string[] | null };
  enabled: boolean;
};
const FIELDS = 'id connectionId kind params { jql object fields } enabled';
const CREATE = `mutation($i: CreatePollingTriggerInput!) { createPollingTrigger(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdatePollingTriggerInput!) { updatePollingTrigger(id: $id, input: $i) { ${FIELDS} } }`;

/**
 * Polling triggers made over GraphQL, on Postgres, against the Jira simulator: the control plane
 * validates and keeps them, the config stream carries them to the data plane, whose
 * `polling_triggers` table is their projection (with the cursor). Created → a change in Jira
 * is emitted once; disabled → not polled; enabled again → it goes on from its cursor; deleted →
 * gone from the data plane, polled no more.
 */
describe('polling triggers over GraphQL, polled by the data plane', () => {
  const cp = new PlatformHarness({ EVENTS_POLL_INTERVAL_MS: 200 });
  let jira: RunningSimulator<JiraSimulatorControl>;
  let acme: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let other: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let jiraConnectionId: string;

  const create = (input: Record<string, unknown>, token = acme.token) => cp.gql<{ createPollingTrigger: Trigger }>(CREATE, { i: input }, token);
  const projected = async (id: string) =>
    (await cp.dataSourceQuery(`SELECT enabled, params, cursor FROM data_plane.polling_triggers WHERE id = $1`, [id]))[0] as
      { enabled: boolean; params: Record<string, unknown>; cursor: Date | null } | undefined;
  const emitted = async (issueKey: string) =>
    Number(
      (
        await cp.dataSourceQuery(`SELECT count(*)::int AS n FROM data_plane.inbound_events WHERE connection_id = $1 AND subject = $2 AND type = $3`, [
          jiraConnectionId,
          issueKey,
          'com.atlassian.jira.issue_updated',
        ])
      )[0].n,
    );
  const newIssue = (summary: string) =>
    jira.control.data.createIssue({
      projectKey: 'OPS',
      summary,
      issueTypeId: '10001',
      statusId: '10000',
      priorityId: '3',
      description: null,
      assignee: null,
      reporter: [...jira.control.data.users.values()][0]!,
      labels: [],
    });

  beforeAll(async () => {
    jira = await startJiraSimulator({ seedIssues: true });
    await cp.start();
    acme = await cp.tenantWithOwner('triggers');
    other = await cp.tenantWithOwner('triggers-other');
    jiraConnectionId = await cp.connectViaOAuth(
      acme.token,
      'jira',
      { authorizeUrl: `${jira.url}/authorize`, tokenUrl: `${jira.url}/oauth/token`, discoveryUrl: `${jira.url}/oauth/token/accessible-resources` },
      { default: `${jira.url}/ex/jira/{cloudId}`, site: jira.url },
      ['read:jira-work', 'offline_access'],
    );
    await eventually(() => (cp.dataPlane.configView.connection(acme.tenantId, jiraConnectionId) ? true : undefined), {
      what: 'the connection in the data plane',
    });
  }, 120_000);

  afterAll(async () => {
    await cp.stop();
    await jira?.stop();
  }, 30_000);

  it.each([
    ['an unknown kind', { kind: 'hubspot.contacts' }, 'kind'],
    ['an empty jql', { kind: 'jira.issues', params: { jql: '  ' } }, 'params.jql'],
    ['an object that is not a SOQL name', { kind: 'salesforce.records', params: { object: 'Account; DROP' } }, 'params.object'],
    ['a Salesforce kind on a Jira connection', { kind: 'salesforce.records', params: { object: 'Account' } }, 'connectionId'],
  ])('refuses %s with INVALID_INPUT naming the field, and writes nothing', async (_what, input, field) => {
    const result = await create({ connectionId: jiraConnectionId, ...input });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field });
    expect((await cp.ok<{ pollingTriggers: Trigger[] }>(`{ pollingTriggers { id } }`, {}, acme.token)).pollingTriggers).toEqual([]);
  });

  it("refuses another tenant's connection as unknown, and another tenant's trigger as not found", async () => {
    expect((await create({ connectionId: jiraConnectionId, kind: 'jira.issues' }, other.token)).errors?.[0]?.extensions).toEqual({
      code: 'INVALID_INPUT',
      field: 'connectionId',
    });
  });

  let trigger: Trigger;

  it('created over GraphQL: reaches the data plane and a change made in Jira is emitted once', async () => {
    const result = await create({ connectionId: jiraConnectionId, kind: 'jira.issues', params: { jql: 'project = OPS' } });
    expect(result.errors).toBeUndefined();
    trigger = result.data!.createPollingTrigger;
    expect(trigger).toMatchObject({
      connectionId: jiraConnectionId,
      kind: 'jira.issues',
      params: { jql: 'project = OPS', object: null, fields: null },
      enabled: true,
    });
    await eventually(async () => ((await projected(trigger.id))?.enabled ? true : undefined), { what: 'the trigger projected in the data plane' });

    const issue = newIssue('Polled from a trigger made over GraphQL');
    await eventually(async () => ((await emitted(issue.key)) > 0 ? true : undefined), { timeoutMs: 20_000, what: 'the change emitted' });
    await new Promise((r) => setTimeout(r, 800));
    expect(await emitted(issue.key)).toBe(1);
    expect(await cp.gql(`{ pollingTriggers { id } }`, {}, other.token)).toMatchObject({ data: { pollingTriggers: [] } });
    expect((await cp.gql(UPDATE, { id: trigger.id, i: { enabled: false } }, other.token)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('is in the config snapshot starting data planes read, and audited; no cursor leaves the data plane', async () => {
    const response = await fetch(`${cp.url}/internal/config/snapshot`, { headers: { authorization: `Bearer ${cp.secrets.internalToken}` } });
    const { entries } = (await response.json()) as { entries: { entity: string; entityId: string; tenantId: string; data: Record<string, unknown> }[] };
    const entry = entries.find((e) => e.entity === 'polling_trigger' && e.entityId === trigger.id);
    expect(entry).toMatchObject({
      tenantId: acme.tenantId,
      data: { kind: 'jira.issues', connectionId: jiraConnectionId, params: { jql: 'project = OPS' }, enabled: true },
    });
    expect(entry!.data).not.toHaveProperty('cursor');
    const audited = await cp.dataSourceQuery(`SELECT payload FROM control_plane.outbox WHERE payload->>'action' = 'polling_trigger.created'`);
    expect(audited.map((r: { payload: { target: unknown } }) => r.payload.target)).toEqual([{ type: 'polling_trigger', id: trigger.id }]);
  });

  it('disabled: not polled; enabled again: goes on from its cursor', async () => {
    const disabled = await cp.ok<{ updatePollingTrigger: Trigger }>(UPDATE, { id: trigger.id, i: { enabled: false } }, acme.token);
    expect(disabled.updatePollingTrigger.enabled).toBe(false);
    await eventually(async () => ((await projected(trigger.id))?.enabled === false ? true : undefined), { what: 'disabled in the data plane' });
    const cursor = (await projected(trigger.id))!.cursor;
    const issue = newIssue('Changed while the trigger is off');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await emitted(issue.key)).toBe(0);
    expect((await projected(trigger.id))!.cursor).toEqual(cursor);

    await cp.ok(UPDATE, { id: trigger.id, i: { enabled: true, params: { jql: 'project = OPS AND summary ~ "off"' } } }, acme.token);
    await eventually(async () => ((await emitted(issue.key)) > 0 ? true : undefined), { timeoutMs: 20_000, what: 'the change emitted after re-enabling' });
    expect((await projected(trigger.id))!.params).toEqual({ jql: 'project = OPS AND summary ~ "off"' });
  }, 60_000);

  it('deleted: gone from the data plane and polled no more', async () => {
    const deleted = await cp.ok<{ deletePollingTrigger: Trigger }>(
      `mutation($id: ID!) { deletePollingTrigger(id: $id) { id } }`,
      { id: trigger.id },
      acme.token,
    );
    expect(deleted.deletePollingTrigger.id).toBe(trigger.id);
    await eventually(async () => ((await projected(trigger.id)) ? undefined : true), { what: 'the row gone from the data plane' });
    const issue = newIssue('Changed after the trigger is gone');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await emitted(issue.key)).toBe(0);
    expect((await cp.ok<{ pollingTriggers: Trigger[] }>(`{ pollingTriggers { id } }`, {}, acme.token)).pollingTriggers).toEqual([]);
  }, 60_000);
});
