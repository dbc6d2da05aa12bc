import { join } from 'node:path';
import { createDataPlaneDataSource, dataPlaneConfigSchema, startDataPlane, type RunningDataPlane } from '@causeway/data-plane';
import { createServiceRegistry } from '@causeway/observability';
import { DEFAULT_CLIENT } from '@causeway/simulators';
import { ControlPlaneHarness } from '../../apps/control-plane/test/support/control-plane-harness';

/**
 * The control plane harness plus a data plane in the same process: the same in-process bus
 * (config stream and audit events), the same secret store and the same scratch Postgres
 * database (its own schema), as the embedded default composes them.
 */
export class PlatformHarness extends ControlPlaneHarness {
  dataPlane!: RunningDataPlane;

  /** `dataPlaneEnv`: variables for the data plane, as its environment would give them. */
  constructor(
    private readonly dataPlaneEnv: Record<string, string | number> = {},
    options: ConstructorParameters<typeof ControlPlaneHarness>[0] = {},
  ) {
    super(options);
  }

  private dataPlaneDb?: ReturnType<typeof createDataPlaneDataSource>;

  override async start(): Promise<this> {
    await super.start();
    this.dataPlaneDb = createDataPlaneDataSource(this.db!.url, 4);
    this.dataPlane = await startDataPlane({
      config: this.dataPlaneConfig('e2e', this.dataPlaneEnv),
      logger: this.logger('data-plane'),
      registry: createServiceRegistry('data-plane'),
      bus: this.bus,
      apiKeyPepper: this.secrets.apiKeyPepper,
      secretStore: this.secretStore,
      dataSource: this.dataPlaneDb,
    });
    this.connectDataPlane(this.dataPlane.url);
    return this;
  }

  override async stop(): Promise<void> {
    await this.dataPlane?.close();
    await this.dataPlaneDb?.destroy();
    await super.stop();
  }

  /** A data plane's configuration as its environment would give it, pointed at this harness. */
  dataPlaneConfig(instanceId: string, overrides: Record<string, string | number> = {}) {
    return dataPlaneConfigSchema.parse({
      PORT: 0,
      LOG_LEVEL: 'debug',
      INSTANCE_ID: instanceId,
      TOKEN_REFRESH_MARGIN_MS: 1000,
      CAUSEWAY_SECRETS_DIR: this.secretsDir,
      // One spool directory per replica: a directory has one owner.
      AUDIT_SPOOL_DIR: join(this.secretsDir, `audit-spool-${instanceId}`),
      CONTROL_PLANE_URL: this.url,
      CAUSEWAY_INTERNAL_TOKEN: this.secrets.internalToken,
      // The simulators listen on loopback over plain HTTP.
      EGRESS_ALLOW_PRIVATE: '127.0.0.1/32,::1/128',
      EGRESS_PLAIN_HTTP: 'allowed_private',
      // Tests fire 50 concurrent calls per replica with one key.
      KEY_CONCURRENT_CALLS: 200,
      ...overrides,
    });
  }

  /**
   * Connects a provider to its simulator the way an admin would: the tenant's OAuth app (the
   * simulator's client), startConnection, the consent the simulator approves at once, and our
   * callback. Returns the connection id.
   */
  async connectViaOAuth(
    ownerToken: string,
    provider: string,
    oauth: { authorizeUrl: string; tokenUrl?: string; discoveryUrl?: string },
    serverOverrides: Record<string, string>,
    scopes: string[],
  ): Promise<string> {
    await this.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ...oauth } },
      ownerToken,
    );
    const started = await this.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
      { i: { provider, name: provider, kind: 'shared', scopes, serverOverrides: JSON.stringify(serverOverrides) } },
      ownerToken,
    );
    const approval = await fetch(started.startConnection.authorizeUrl, { redirect: 'manual' });
    const callback = await fetch(approval.headers.get('location')!, { headers: { accept: 'application/json' } });
    if (callback.status !== 200) throw new Error(`OAuth callback for ${provider} answered ${callback.status}: ${await callback.text()}`);
    return ((await callback.json()) as { connection: { id: string } }).connection.id;
  }

  /** POST /v1/actions/{tool} with an API key. */
  async callTool(key: string, tool: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.dataPlane.url}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field in tests
  }
}
