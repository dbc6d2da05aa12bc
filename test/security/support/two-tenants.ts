import { DEFAULT_CLIENT, startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import type { PlatformHarness } from '../../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;

/** One tenant with one of everything a tenant owns, reachable by id. */
export interface SweepTenant {
  slug: string;
  tenantId: string;
  ownerId: string;
  token: string;
  owner: { email: string; password: string };
  memberId: string;
  roleId: string;
  keyId: string;
  /** The API key secret: call:Tool, read:Tool and proxy:Connection. */
  key: string;
  connectionId: string;
  /** A pending approval of this tenant's key; only when asked for (`holdForApproval`). */
  approvalId?: string;
  slack: Sim;
}

/**
 * A tenant with a member, a custom role, a Slack connection (its own simulator, so any call
 * that reaches it is visible), an API key, an approval policy holding `slack.post_message` for
 * a human and one pending approval (with `holdForApproval`). Every name it chooses carries `marker`, so an answer that
 * shows any of them to someone else is found by a plain substring search.
 */
export async function tenantWithEverything(cp: PlatformHarness, slug: string, marker: string, holdForApproval = false): Promise<SweepTenant> {
  const slack = await startSlackSimulator();
  const tenant = await cp.tenantWithOwner(slug);
  const member = await cp.member(tenant.token, slug, 'developer');
  const role = await cp.ok<{ createRole: { id: string } }>(
    'mutation($n: String!) { createRole(input: { name: $n, permissions: ["read:Tool"] }) { id } }',
    { n: `${marker}-role` },
    tenant.token,
  );

  await cp.ok(
    'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
    {
      i: {
        provider: 'slack',
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
        authorizeUrl: `${slack.url}/oauth/v2/authorize`,
        tokenUrl: `${slack.url}/api/oauth.v2.access`,
      },
    },
    tenant.token,
  );
  const started = await cp.ok<{ startConnection: { authorizeUrl: string } }>(
    'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
    {
      i: {
        provider: 'slack',
        name: `${marker}-slack`,
        kind: 'shared',
        scopes: ['chat:write', 'channels:read'],
        serverOverrides: JSON.stringify({ default: `${slack.url}/api` }),
      },
    },
    tenant.token,
  );
  const consent = await fetch(started.startConnection.authorizeUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location')!, { headers: { accept: 'application/json' } });
  if (callback.status !== 200) throw new Error(`OAuth callback answered ${callback.status}: ${await callback.text()}`);
  const connectionId = ((await callback.json()) as { connection: { id: string } }).connection.id;

  const created = await cp.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    'mutation($n: String!) { createApiKey(input: { name: $n, scopes: ["call:Tool", "read:Tool", "proxy:Connection"] }) { secret apiKey { id } } }',
    { n: `${marker}-key` },
    tenant.token,
  );
  const key = created.createApiKey.secret;
  await eventually(
    async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined),
    { what: `key of ${slug}` },
  );

  if (!holdForApproval)
    return {
      slug,
      tenantId: tenant.tenantId,
      ownerId: tenant.ownerId,
      token: tenant.token,
      owner: tenant.owner,
      memberId: member.userId,
      roleId: role.createRole.id,
      keyId: created.createApiKey.apiKey.id,
      key,
      connectionId,
      slack,
    };
  await cp.ok(
    'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { customised } }',
    { i: { requireApproval: { tools: ['slack.post_message'] } } },
    tenant.token,
  );
  await eventually(() => (cp.dataPlane.approvalPolicies.policyOf(tenant.tenantId).requireApproval.tools.includes('slack.post_message') ? true : undefined), {
    what: `approval policy of ${slug}`,
  });
  const held = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: `${marker} needs a human` } });
  if (held.status !== 202) throw new Error(`expected a held call, got ${held.status}: ${JSON.stringify(held.body)}`);
  const approvalId = String(held.body.approval.id);

  return {
    slug,
    tenantId: tenant.tenantId,
    ownerId: tenant.ownerId,
    token: tenant.token,
    owner: tenant.owner,
    memberId: member.userId,
    roleId: role.createRole.id,
    keyId: created.createApiKey.apiKey.id,
    key,
    connectionId,
    approvalId,
    slack,
  };
}
