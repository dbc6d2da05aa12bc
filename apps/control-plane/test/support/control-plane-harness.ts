import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { InProcessEventBus, type BusMessage } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { LocalSecretStore, type SecretStore } from '@causeway/secrets';
import { createScratchDatabase, type ScratchDatabase } from '@causeway/testing';
import { egressEnvSchema } from '@causeway/egress';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type RunningControlPlane } from '../../src/control-plane';
import { createControlPlaneDataSource } from '../../src/database/data-source';
import type { ControlPlaneConfig } from '../../src/config';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string; retryAfterMs?: number } }[];
  raw: string;
}

/**
 * A control plane on a scratch Postgres database with the in-process bus (the embedded
 * default's real adapter), with every log line, event and response captured, so tests can
 * assert on behaviour and scan for leaked secrets. Cross-service tests (test/e2e) start a
 * data plane on the same bus with `logger()` and `secrets`.
 */
export class ControlPlaneHarness {
  readonly logs: string[] = [];
  readonly events: BusMessage[] = [];
  readonly responses: string[] = [];
  readonly operator = { email: 'operator@causeway.test', password: `op-${randomBytes(12).toString('hex')}` };
  readonly secrets = {
    jwtSecret: randomBytes(32).toString('hex'),
    apiKeyPepper: randomBytes(32).toString('hex'),
    internalToken: randomBytes(32).toString('hex'),
  };
  url = '';
  db?: ScratchDatabase;
  private controlPlane?: RunningControlPlane;
  private dataSource?: ReturnType<typeof createControlPlaneDataSource>;
  readonly bus = new InProcessEventBus();
  readonly secretsDir = mkdtempSync(join(tmpdir(), 'cp-secrets-'));
  secretStore!: SecretStore;

  /**
   * `secretStore`: use another store (a Vault) instead of a local one in a temp dir; `config`: settings to override.
   * `egress`: EGRESS_* variables replacing the loopback-wide defaults (the SSRF suite allows only exact host:port pairs).
   */
  constructor(
    protected readonly options: { secretStore?: () => Promise<SecretStore>; config?: Partial<ControlPlaneConfig>; egress?: Record<string, string> } = {},
  ) {}

  private readonly sink = new Writable({
    write: (chunk, _enc, done) => {
      this.logs.push(String(chunk));
      done();
    },
  });

  /** A debug-level logger whose lines land in `logs`. */
  logger(service: string) {
    return createLogger(service, 'debug', this.sink);
  }

  async start(): Promise<this> {
    this.db = await createScratchDatabase('cp');
    const logger = this.logger('control-plane');
    // Capture every event the control plane publishes, as the audit service would see it.
    const originalPublish = this.bus.publish.bind(this.bus);
    this.bus.publish = async (messages) => {
      this.events.push(...messages);
      return originalPublish(messages);
    };
    this.secretStore = this.options.secretStore ? await this.options.secretStore() : await LocalSecretStore.open({ dir: this.secretsDir, logger });
    this.dataSource = createControlPlaneDataSource(this.db.url, 5);
    this.controlPlane = await startControlPlane({
      config: {
        PORT: 0,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        OUTBOX_POLL_INTERVAL_MS: 50,
        ACCESS_TOKEN_TTL_SECONDS: 900,
        REFRESH_TOKEN_TTL_SECONDS: 3600,
        CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: true,
        SIGN_IN_THROTTLE_STORE: 'postgres',
        // The tests stand in for a reverse proxy on loopback, naming clients in X-Forwarded-For.
        TRUSTED_PROXIES: ['127.0.0.1/32', '::1/128'],
        CAUSEWAY_SECRETS_DIR: this.secretsDir,
        CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: this.operator.email,
        CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: this.operator.password,
        // The simulators and the OAuth server listen on loopback over plain HTTP.
        ...egressEnvSchema.parse({ EGRESS_ALLOW_PRIVATE: '127.0.0.1/32,::1/128', EGRESS_PLAIN_HTTP: 'allowed_private', ...this.options.egress }),
        ...this.options.config,
      },
      secrets: this.secrets,
      logger,
      registry: createServiceRegistry('control-plane'),
      dataSource: this.dataSource,
      bus: this.bus,
      secretStore: this.secretStore,
    });
    this.url = this.controlPlane.url;
    return this;
  }

  /** Points the control plane at a data plane started after it (approvals are reached there). */
  connectDataPlane(url: string): void {
    if (this.controlPlane) this.controlPlane.dataPlane.url = url;
  }

  async stop(): Promise<void> {
    await this.controlPlane?.close();
    await this.bus.close();
    await this.dataSource?.destroy();
    await this.db?.drop();
    await this.secretStore?.close();
    rmSync(this.secretsDir, { recursive: true, force: true });
  }

  /** `headers`: extra request headers, e.g. the X-Forwarded-For a trusted proxy would add. */
  async gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.text();
    this.responses.push(raw);
    const body = JSON.parse(raw);
    return { status: response.status, data: body.data ?? undefined, errors: body.errors, raw };
  }

  /** Fails the test with the GraphQL errors when there are any. */
  async ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const result = await this.gql<T>(query, variables, token);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  async login(email: string, password: string, tenant?: string): Promise<{ accessToken: string; refreshToken: string }> {
    const data = await this.ok<{ login: { accessToken: string; refreshToken: string } }>(
      'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken refreshToken } }',
      { e: email, p: password, t: tenant ?? null },
    );
    return data.login;
  }

  operatorToken(): Promise<string> {
    return this.login(this.operator.email, this.operator.password).then((t) => t.accessToken);
  }

  /** A tenant with its owner signed in: the operator creates it, the owner accepts the invitation with a new account. */
  async tenantWithOwner(slug: string): Promise<{ tenantId: string; ownerId: string; owner: { email: string; password: string }; token: string }> {
    const owner = { email: `owner@${slug}.test`, password: `pw-${randomBytes(12).toString('hex')}` };
    const data = await this.ok<{ createTenant: { tenant: { id: string }; ownerInvitation: { link: string } } }>(
      'mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id } ownerInvitation { link } } }',
      { i: { slug, name: `${slug} Inc`, adminEmail: owner.email } },
      await this.operatorToken(),
    );
    await this.acceptOk(data.createTenant.ownerInvitation.link, owner.password);
    const token = (await this.login(owner.email, owner.password, slug)).accessToken;
    return { tenantId: data.createTenant.tenant.id, ownerId: await this.userIdOf(token), owner, token };
  }

  /** Adds a member with a role (an invitation accepted with a new account) and signs them in to that tenant. */
  async member(ownerToken: string, tenantSlug: string, role: string): Promise<{ userId: string; email: string; password: string; token: string }> {
    const email = `${role}-${randomBytes(4).toString('hex')}@${tenantSlug}.test`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const link = await this.invite(ownerToken, email, role);
    await this.acceptOk(link, password);
    const token = (await this.login(email, password, tenantSlug)).accessToken;
    return { userId: await this.userIdOf(token), email, password, token };
  }

  /** Creates an API key in the token's tenant and returns its id. */
  async apiKeyId(token: string, input: { name: string; scopes: string[] }): Promise<string> {
    const created = await this.ok<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }',
      { i: input },
      token,
    );
    return created.createApiKey.apiKey.id;
  }

  /** An invitation's link, as the inviter is shown it. */
  async invite(token: string, email: string, role: string): Promise<string> {
    const data = await this.ok<{ addMember: { link: string } }>(
      'mutation($i: AddMemberInput!) { addMember(input: $i) { link } }',
      { i: { email, role } },
      token,
    );
    return data.addMember.link;
  }

  /** Accepts with the token from a link: a new account with `password`, or an existing one signed in with `sessionToken`. */
  acceptInvitation(link: string, password?: string, sessionToken?: string): Promise<GqlResult<{ acceptInvitation: { accessToken: string } }>> {
    return this.gql(
      'mutation($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken } }',
      { t: tokenOfLink(link), p: password ?? null },
      sessionToken,
    );
  }

  private async acceptOk(link: string, password: string): Promise<void> {
    const accepted = await this.acceptInvitation(link, password);
    if (accepted.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(accepted.errors)}`);
  }

  async userIdOf(token: string): Promise<string> {
    return (await this.ok<{ me: { id: string } }>('{ me { id } }', {}, token)).me.id;
  }

  /** Direct SQL for arranging states the API cannot produce (an old credential, say). */
  dataSourceQuery(sql: string, params: unknown[] = []) {
    return this.dataSource!.query(sql, params);
  }

  /** Everything a secret must never appear in. */
  everythingObservable(): string {
    return [...this.logs, ...this.events.map((e) => JSON.stringify(e.value))].join('\n');
  }
}

/** The token of an invitation or reset link (`…/accounts/accept#invitation=<token>`). */
export function tokenOfLink(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).values().next().value ?? '';
}
