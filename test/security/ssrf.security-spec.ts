import { freePort, eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';
import { LOOPBACK_SPELLINGS, startRedirector, startVictim, type Victim } from './support/local-targets';

/**
 * Server-side request forgery, service by service (architecture §6: "private and loopback
 * addresses are refused unless an operator allows them"). The services run with an allow-list
 * of one exact host:port (an allowed upstream that redirects), nothing loopback-wide; a
 * tenant admin or an agent then points every outbound path at this machine in every spelling,
 * with a listener on one port and nothing on another. Each attempt must be refused with
 * "refused by egress policy", the listener must hear nothing, and the answer for the open port
 * must be the answer for the closed one (no port scanner through us).
 *
 * Only loopback is targeted here: other private ranges and metadata addresses are covered at the
 * guard with a fake resolver and dialer (egress-guard-encodings.security-spec.ts), so no packet
 * leaves this machine even when a path is not guarded.
 */

const REFUSED = /refused by egress policy/i;
const SPELLINGS = Object.entries(LOOPBACK_SPELLINGS);

interface Answer {
  status: number;
  code: string;
  message: string;
}

describe('SSRF: every outbound path refuses this machine, in every spelling, without a port oracle', () => {
  let cp: PlatformHarness;
  let victim: Victim;
  let redirector: Awaited<ReturnType<typeof startRedirector>>;
  let closedPort: number;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let approver: Awaited<ReturnType<PlatformHarness['member']>>;
  let key: string;
  /** A GitHub connection whose calls are held for approval before anything is sent. */
  let heldConnectionId: string;

  beforeAll(async () => {
    victim = await startVictim();
    redirector = await startRedirector();
    closedPort = await freePort();
    // One exact host:port, as an operator would allow one on-premises system; plain http only there.
    const egress = { EGRESS_ALLOW_PRIVATE: `127.0.0.1:${redirector.port}`, EGRESS_PLAIN_HTTP: 'allowed_private' };
    cp = new PlatformHarness({ ...egress, APPROVAL_WEBHOOK_BACKOFF_MS: 10 }, { egress });
    await cp.start();
    tenant = await cp.tenantWithOwner('ssrf');
    approver = await cp.member(tenant.token, 'ssrf', 'admin');
    const created = await cp.ok<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "ssrf", scopes: ["call:Tool", "read:Tool", "proxy:Connection"] }) { secret } }',
      {},
      tenant.token,
    );
    key = created.createApiKey.secret;
    await eventually(
      async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined),
      { what: 'the key' },
    );
    heldConnectionId = (
      await cp.ok<{ createConnection: { id: string } }>(
        'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
        { i: { provider: 'github', name: 'held', kind: 'shared', authMode: 'personal_access_token', token: 'ghp_never-sent-anywhere-0123456789' } },
        tenant.token,
      )
    ).createConnection.id;
    await cp.ok(
      'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { customised } }',
      { i: { requireApproval: { tools: ['github.list_issues'] } } },
      tenant.token,
    );
    await eventually(() => (cp.dataPlane.approvalPolicies.policyOf(tenant.tenantId).requireApproval.tools.includes('github.list_issues') ? true : undefined), {
      what: 'approval policy',
    });
  }, 90_000);

  afterAll(async () => {
    await cp?.stop();
    await victim?.stop();
    await redirector?.stop();
  }, 30_000);

  beforeEach(() => victim.requests.splice(0));

  /** Status, code and message with the two ports and request ids taken out: what a caller could compare. */
  const normalise = (answer: Answer): Answer => ({
    ...answer,
    message: answer.message
      .replaceAll(String(victim.port), '<port>')
      .replaceAll(String(closedPort), '<port>')
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>'),
  });

  async function gqlAnswer(query: string, variables: Record<string, unknown>, token = tenant.token): Promise<Answer> {
    const result = await cp.gql(query, variables, token);
    const error = result.errors?.[0];
    return { status: result.status, code: String(error?.extensions?.code ?? 'ok'), message: error?.message ?? JSON.stringify(result.data) };
  }

  async function restAnswer(response: Response): Promise<Answer> {
    const text = await response.text();
    const body = safeJson(text) as { error?: { code: string; message: string } } | undefined;
    return { status: response.status, code: body?.error?.code ?? 'ok', message: body?.error?.message ?? text.slice(0, 200) };
  }

  /** Creates a connection to `base` and calls it through the raw proxy and through a tool. Returns the first refusal met. */
  async function throughConnection(kind: 'jira site URL' | 'base URL override', base: string): Promise<Answer[]> {
    const input =
      kind === 'jira site URL'
        ? {
            provider: 'jira',
            name: 'site',
            kind: 'shared',
            authMode: 'api_token',
            username: 'agent@ssrf.test',
            password: 'atlassian-token-0123456789',
            params: JSON.stringify({ siteUrl: base }),
          }
        : {
            provider: 'github',
            name: 'override',
            kind: 'shared',
            authMode: 'personal_access_token',
            token: 'ghp_override-0123456789',
            serverOverrides: JSON.stringify({ default: base }),
          };
    const created = await cp.gql<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      { i: input },
      tenant.token,
    );
    if (!created.data?.createConnection)
      return [{ status: created.status, code: String(created.errors?.[0]?.extensions?.code), message: created.errors?.[0]?.message ?? '' }];
    const id = created.data.createConnection.id;
    // The data plane learns of the connection from the config stream: wait, or "no connection" would hide the answer.
    await eventually(() => cp.dataPlane.configView.connection(tenant.tenantId, id), { what: 'the connection in the data plane' });
    const proxied = await restAnswer(await fetch(`${cp.dataPlane.url}/v1/proxy/${id}/rest/api/3/myself`, { headers: { authorization: `Bearer ${key}` } }));
    const tool =
      kind === 'jira site URL'
        ? { name: 'jira.get_issue', input: { issueIdOrKey: 'SSRF-1' } }
        : { name: 'github.create_issue', input: { owner: 'o', repo: 'r', title: 't' } };
    const called = await cp.callTool(key, tool.name, { input: tool.input, connectionId: id });
    return [
      proxied,
      {
        status: called.status,
        code: String(called.body.error?.code ?? 'ok'),
        message: String(called.body.error?.message ?? JSON.stringify(called.body).slice(0, 200)),
      },
    ];
  }

  /** In order of gravity, so a failure names the worst thing: a request got through, then an oracle, then the wording. */
  function expectRefusedWithoutOracle(open: Answer[], closed: Answer[]) {
    expect(victim.requests).toEqual([]);
    expect(closed.map(normalise)).toEqual(open.map(normalise));
    for (const answer of open) expect(answer.message).toMatch(REFUSED);
  }

  it('reaches the one allowed host:port (the control that the suite can pass at all)', async () => {
    const [proxied] = await throughConnection('jira site URL', `http://127.0.0.1:${redirector.port}/plain`);
    // The redirector answers 404 for anything but /r/…: an upstream answer, not a refusal.
    expect(proxied).toMatchObject({ status: 404 });
    expect(proxied.message).not.toMatch(REFUSED);
  });

  describe.each(['jira site URL', 'base URL override'] as const)('a connection’s %s, through the proxy and a tool', (kind) => {
    it.each(SPELLINGS)('refuses %s', async (_name, spell) => {
      const open = await throughConnection(kind, `http://${spell(victim.port)}`);
      const closed = await throughConnection(kind, `http://${spell(closedPort)}`);
      expectRefusedWithoutOracle(open, closed);
    });
  });

  describe('a redirect from the allowed host to this machine', () => {
    it.each(SPELLINGS)('refuses %s', async (_name, spell) => {
      const open = await throughConnection('jira site URL', redirector.base(`http://${spell(victim.port)}`));
      const closed = await throughConnection('jira site URL', redirector.base(`http://${spell(closedPort)}`));
      expectRefusedWithoutOracle(open, closed);
    });
  });

  describe('OIDC discovery (configureOidcProvider issuer)', () => {
    const configure = (issuer: string) =>
      gqlAnswer('mutation($i: ConfigureOidcProviderInput!) { configureOidcProvider(input: $i) { issuer } }', {
        i: { issuer, clientId: 'ssrf-client', clientSecret: 'ssrf-client-secret-0123456789', allowedDomains: ['ssrf.test'] },
      });
    it.each(SPELLINGS)('refuses %s', async (_name, spell) => {
      expectRefusedWithoutOracle([await configure(`http://${spell(victim.port)}`)], [await configure(`http://${spell(closedPort)}`)]);
    });
  });

  describe('OAuth discovery of a generic OAuth 2.0 app (configureOAuthApp issuer)', () => {
    const configure = (issuer: string) =>
      gqlAnswer('mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }', {
        i: { provider: 'generic_oauth2', clientId: 'ssrf-client', clientSecret: 'ssrf-client-secret-0123456789', issuer },
      });
    it.each(SPELLINGS)('refuses %s', async (_name, spell) => {
      expectRefusedWithoutOracle([await configure(`http://${spell(victim.port)}`)], [await configure(`http://${spell(closedPort)}`)]);
    });
  });

  /** A refusal at configuration time, or else a delivery the notifier gives up on as refused, and never a request. */
  async function expectDeliveryRefused(refusedEarly: Answer | undefined, approvalId: () => Promise<string | undefined>) {
    if (refusedEarly && refusedEarly.code !== 'ok') {
      expect(victim.requests).toEqual([]);
      expect(refusedEarly.message).toMatch(REFUSED);
      return;
    }
    const id = await approvalId();
    const gaveUp = await eventually(() => cp.logs.find((line) => line.includes('approval notification gave up') && (!id || line.includes(id))), {
      timeoutMs: 10_000,
      what: 'the notifier to give up',
    }).catch(() => undefined);
    expect(victim.requests).toEqual([]);
    expect(gaveUp).toMatch(REFUSED);
  }

  describe('an agent’s callbackUrl (called when its held call is decided)', () => {
    it.each(SPELLINGS)('refuses %s', async (name, spell) => {
      const held = await cp.callTool(key, 'github.list_issues', {
        input: { owner: 'ssrf', repo: `callback-${name.replace(/\W+/g, '-')}` },
        connectionId: heldConnectionId,
        callbackUrl: `http://${spell(victim.port)}/callback`,
      });
      const early = held.status === 202 ? undefined : { status: held.status, code: String(held.body.error?.code), message: String(held.body.error?.message) };
      await expectDeliveryRefused(early, async () => {
        const id = held.body.approval.id as string;
        await cp.ok('mutation($id: ID!) { approveAction(id: $id) { status } }', { id }, approver.token);
        return id;
      });
    });
  });

  describe('the tenant’s approval webhook URL', () => {
    it.each(SPELLINGS)('refuses %s', async (name, spell) => {
      const url = `http://${spell(victim.port)}/hook`;
      const set = await gqlAnswer('mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { webhookUrl } }', {
        i: { requireApproval: { tools: ['github.list_issues'] }, webhookUrl: url, webhookSecret: 'ssrf-webhook-signing-secret-0123456789abcdef' },
      });
      await expectDeliveryRefused(set, async () => {
        await eventually(() => (cp.dataPlane.approvalPolicies.policyOf(tenant.tenantId).webhookUrl === url ? true : undefined), {
          what: 'the webhook URL in the data plane',
        });
        const held = await cp.callTool(key, 'github.list_issues', {
          input: { owner: 'ssrf', repo: `webhook-${name.replace(/\W+/g, '-')}` },
          connectionId: heldConnectionId,
        });
        return held.body.approval?.id as string | undefined;
      });
    });
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
