import { catalog } from '@causeway/connectors';
import { DEFAULT_TENANT_ACCESS_POLICY } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { change, connectionData, newView, seedTenant } from '../config-view/config-view.test-support';
import { builtInToolCatalog } from './tool-catalog';
import { listTools, searchTools, type ToolScope } from './tool-listing';
import { parseListQuery, parseSearchQuery, type ToolFilter } from './tool-query';
import { toolScope } from './tool-scope';

const everyTool = catalog.listActions().map(({ action }) => action.id);
const principalOf = (tenantId: string, overrides: Partial<AgentPrincipal> = {}): AgentPrincipal => ({
  tenantId,
  keyId: 'k1',
  keyName: 'agent',
  permissions: ['call:Tool', 'read:Tool'] as AgentPrincipal['permissions'],
  allowedTools: null,
  allowedConnections: null,
  keyScopes: ['call:Tool', 'read:Tool'],
  creatorPermissions: ['call:Tool', 'read:Tool'],
  ...overrides,
});

/** A tenant seeded with one active shared Slack connection, plus whatever a test adds. */
function tenant() {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  const connect = (id: string, provider: string, overrides: Record<string, unknown> = {}) =>
    view.apply(change(acme.tenantId, 'connection', id, connectionData(provider, overrides)), 'stream');
  const scope = (overrides: Partial<AgentPrincipal> = {}) => toolScope(view, principalOf(acme.tenantId, overrides));
  const names = (s: ToolScope, query: Record<string, unknown> = {}) => listTools(s, parseListQuery(query))?.tools.map((t) => t.descriptor.name) ?? null;
  return { view, acme, connect, scope, names };
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.extra.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('listing the tools a key can call', () => {
  it('shows by default only tools of providers the tenant has an active connection to', () => {
    const { scope, names } = tenant();
    const listed = names(scope())!;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(everyTool.filter((name) => name.startsWith('slack.')));
  });

  it('shows a tenant without connections nothing by default, and the whole catalog with include=all', () => {
    const { view, acme, scope, names } = tenant();
    view.apply(change(acme.tenantId, 'connection', acme.slack, null, 'delete'), 'stream');
    expect(names(scope())).toEqual([]);
    expect(names(scope(), { include: 'all', limit: '200' })).toEqual(everyTool);
  });

  it('does not count a connection waiting for reauthorisation or in error as usable', () => {
    const { connect, scope, names } = tenant();
    connect('gh-1', 'github', { status: 'needs_reauth' });
    connect('zd-1', 'zendesk', { status: 'error' });
    expect(names(scope())!.some((name) => name.startsWith('github.') || name.startsWith('zendesk.'))).toBe(false);
    connect('gh-2', 'github');
    expect(names(scope())).toEqual(expect.arrayContaining(['github.create_issue']));
  });

  it("counts only connections the key's connection allow-list admits", () => {
    const { acme, connect, scope, names } = tenant();
    connect('zd-1', 'zendesk');
    expect(names(scope({ allowedConnections: ['zd-1'] }))!.every((name) => name.startsWith('zendesk.'))).toBe(true);
    expect(names(scope({ allowedConnections: [acme.slack] }))!.every((name) => name.startsWith('slack.'))).toBe(true);
    expect(names(scope({ allowedConnections: [] }))).toEqual([]);
  });

  it('does not count shared connections under a policy that never lets them serve, but does count a user’s own', () => {
    const { connect, scope, names } = tenant();
    const never = { tenantPolicy: { ...DEFAULT_TENANT_ACCESS_POLICY, sharedConnections: 'never' as const } };
    expect(names(scope(never))).toEqual([]);
    connect('gh-user', 'github', { kind: 'user', ownerUserId: 'dev-user' });
    expect(names(scope(never))!.every((name) => name.startsWith('github.'))).toBe(true);
  });

  it('still applies the key’s scopes, allow-list and the tenant’s denied tools', () => {
    const { scope, names } = tenant();
    expect(names(scope({ allowedTools: ['slack.post_message'] }))).toEqual(['slack.post_message']);
    expect(names(scope({ tenantPolicy: { ...DEFAULT_TENANT_ACCESS_POLICY, deniedTools: ['slack.delete_message'] } }))).not.toContain('slack.delete_message');
    expect(names(scope({ permissions: ['read:Tool'] as AgentPrincipal['permissions'] }))).toEqual([]);
    expect(names(scope({ permissions: [] as AgentPrincipal['permissions'] }))).toBeNull();
  });

  it('filters by provider, side effect and text, together', () => {
    const { scope, names } = tenant();
    const all = { include: 'all', limit: '200' };
    expect(names(scope(), { ...all, provider: 'zendesk,stripe' })!.every((n) => n.startsWith('zendesk.') || n.startsWith('stripe.'))).toBe(true);
    expect(names(scope(), { ...all, sideEffect: 'destructive' })!.every((n) => catalog.findAction(n)?.action.sideEffect === 'destructive')).toBe(true);
    expect(names(scope(), { ...all, provider: 'zendesk', sideEffect: 'read' })).toEqual([
      'zendesk.list_tickets',
      'zendesk.get_ticket',
      'zendesk.list_ticket_comments',
    ]);
    expect(names(scope(), { ...all, provider: 'gitlab', q: 'merge request' })).toEqual([
      'gitlab.list_merge_requests',
      'gitlab.create_merge_request',
      'gitlab.delete_branch',
    ]);
    expect(names(scope(), { ...all, q: 'no such words anywhere' })).toEqual([]);
  });

  it('refuses a provider filter naming no provider with tools, naming what exists', () => {
    const { scope } = tenant();
    expect(refusal(() => listTools(scope(), parseListQuery({ provider: 'slak' })))).toMatchObject({
      code: 'invalid_input',
      field: 'provider',
      message: expect.stringContaining('"slak"'),
    });
  });

  it('pages with a cursor: every tool exactly once, in catalog order', () => {
    const { scope } = tenant();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = listTools(scope(), parseListQuery({ include: 'all', limit: '7', ...(cursor ? { cursor } : {}) }))!;
      expect(page.tools.length).toBeLessThanOrEqual(7);
      seen.push(...page.tools.map((t) => t.descriptor.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(everyTool);
    expect(pages).toBe(Math.ceil(everyTool.length / 7));
  });

  it('refuses a cursor sent with other filters, and one it did not give out', () => {
    const { scope } = tenant();
    const first = listTools(scope(), parseListQuery({ include: 'all', limit: '5' }))!;
    expect(refusal(() => listTools(scope(), parseListQuery({ include: 'all', sideEffect: 'read', limit: '5', cursor: first.nextCursor })))).toMatchObject({
      code: 'invalid_input',
      field: 'cursor',
      message: expect.stringContaining('same filters'),
    });
    expect(refusal(() => listTools(scope(), parseListQuery({ cursor: 'bm90IGEgY3Vyc29y' })))).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
});

describe('the listing query', () => {
  const refused = (query: Record<string, unknown>) => refusal(() => parseListQuery(query));

  it('bounds limit, naming it', () => {
    expect(refused({ limit: '0' })).toMatchObject({ code: 'invalid_input', field: 'limit' });
    expect(refused({ limit: '201' })).toMatchObject({ code: 'invalid_input', field: 'limit' });
    expect(refused({ limit: 'ten' })).toMatchObject({ code: 'invalid_input', field: 'limit' });
    expect(parseListQuery({}).limit).toBe(100);
  });

  it('names a side effect, include value or parameter it does not know', () => {
    expect(refused({ sideEffect: 'read,explosive' })).toMatchObject({ code: 'invalid_input', field: 'sideEffect.1' });
    expect(refused({ include: 'everything' })).toMatchObject({ code: 'invalid_input', field: 'include' });
    expect(refused({ providers: 'slack' })).toMatchObject({ code: 'invalid_input', field: 'providers' });
    expect(refused({ q: 'x'.repeat(201) })).toMatchObject({ code: 'invalid_input', field: 'q' });
  });

  it('requires a task description to search', () => {
    expect(refusal(() => parseSearchQuery({}))).toMatchObject({ code: 'invalid_input', field: 'q' });
    expect(refusal(() => parseSearchQuery({ q: '   ' }))).toMatchObject({ code: 'invalid_input', field: 'q' });
  });
});

describe('searching tools for a task', () => {
  const everything: ToolFilter = { include: 'all' };
  const scope = (usable: (provider: string) => boolean = () => true): ToolScope => ({ principal: principalOf('t1'), catalog: builtInToolCatalog(), usable });
  const ranked = (query: string, filter: ToolFilter = everything, s = scope()) =>
    searchTools(s, { query, filter, limit: 10 })!.map((r) => r.tool.descriptor.name);

  it('ranks slack.post_message first for "post a message to a channel"', () => {
    expect(ranked('post a message to a channel')[0]).toBe('slack.post_message');
  });

  it('finds the Zendesk and Jira tools that close a ticket', () => {
    const top = ranked('close a ticket').slice(0, 6);
    expect(top).toContain('zendesk.update_ticket');
    expect(top).toContain('jira.transition_issue');
  });

  it.each([
    ['refund a payment', 'stripe.create_refund'],
    ['acknowledge the incident', 'pagerduty.update_incident_status'],
    ['look up a contact by email', 'hubspot.search_contacts'],
    ['open a pull request', 'github.create_pull_request'],
    ['run a SOQL query', 'salesforce.query'],
  ])('ranks the obvious tool first for "%s"', (query, expected) => {
    expect(ranked(query)[0]).toBe(expected);
  });

  it('tolerates a typo and a half-typed word (ranked lower than an exact match would be)', () => {
    expect(ranked('refumd a payment').slice(0, 2)).toContain('stripe.create_refund');
    expect(ranked('merge requ').slice(0, 2)).toContain('gitlab.create_merge_request');
  });

  it('searches only usable tools by default, and marks the others when asked for all', () => {
    const onlyZendesk = scope((p) => p === 'zendesk');
    expect(ranked('close a ticket', { include: 'usable' }, onlyZendesk).every((n) => n.startsWith('zendesk.'))).toBe(true);
    const all = searchTools(onlyZendesk, { query: 'close a ticket', filter: everything, limit: 10 })!;
    expect(all.find((r) => r.tool.descriptor.name === 'jira.transition_issue')?.usable).toBe(false);
    expect(all.find((r) => r.tool.descriptor.name === 'zendesk.update_ticket')?.usable).toBe(true);
  });

  it('answers nothing rather than everything for words no tool uses', () => {
    expect(ranked('the of and')).toEqual([]);
    expect(ranked('xylophone quasar')).toEqual([]);
  });

  it('respects the side-effect filter and the limit', () => {
    expect(ranked('delete', { include: 'all', sideEffects: ['read'] }).every((n) => catalog.findAction(n)?.action.sideEffect === 'read')).toBe(true);
    expect(searchTools(scope(), { query: 'list', filter: everything, limit: 3 })).toHaveLength(3);
  });
});
