import { randomBytes } from 'node:crypto';
import { VaultHttp } from '../vault-http';
import { TcpProxy } from './tcp-proxy';
import { VaultDouble } from './vault-double';

/**
 * What the behavioural suite runs against: a real Vault / OpenBao when `VAULT_ADDR` and a root
 * `VAULT_TOKEN` are in the environment, or `TEST_VAULT_ADDR` and `TEST_VAULT_TOKEN` (the
 * integration and e2e tiers' OpenBao, exported by tools/jest/global-setup.ts); the in-process
 * double otherwise. Both are driven the
 * same way; where a real server has no test control (outage, expiring tokens) the target uses
 * Vault's own API or a TCP relay instead.
 */
export interface VaultTarget {
  readonly name: string;
  readonly real: boolean;
  readonly address: string;
  readonly kvMount: string;
  /** Present only for the double, for assertions on what was sent. */
  readonly double?: VaultDouble;
  /** A renewable token limited to the KV mount, living `ttlSeconds` between renewals. */
  createToken(options: { ttlSeconds: number; maxTtlSeconds?: number }): Promise<string>;
  /** A fresh AppRole whose logins may use the KV mount. */
  createAppRole(options?: { tokenTtlSeconds?: number; tokenMaxTtlSeconds?: number }): Promise<AppRoleCredentials>;
  /** Makes every token issued to this target's AppRoles unusable. */
  revokeAppRoleTokens(): Promise<void>;
  /** An address that can be taken down and brought back while the store keeps its config. */
  outage(): Promise<Interruptible>;
  /** An address whose connections can be cut after the request went through. */
  lossyLink(): Promise<TcpProxy>;
  close(): Promise<void>;
}

export interface AppRoleCredentials {
  roleId: string;
  secretId: string;
  mount: string;
}

export interface Interruptible {
  address: string;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function startVaultTarget(env: NodeJS.ProcessEnv = process.env): Promise<VaultTarget> {
  const real = realVaultFromEnv(env);
  if (real) return RealVaultTarget.connect(real.address, real.rootToken);
  return DoubleVaultTarget.start();
}

/** The real server the environment names, if any (see startVaultTarget). */
export function realVaultFromEnv(env: NodeJS.ProcessEnv = process.env): { address: string; rootToken: string } | undefined {
  const [address, rootToken] = env.VAULT_ADDR && env.VAULT_TOKEN ? [env.VAULT_ADDR, env.VAULT_TOKEN] : [env.TEST_VAULT_ADDR, env.TEST_VAULT_TOKEN];
  return address && rootToken ? { address: address.replace(/\/+$/, ''), rootToken } : undefined;
}

class DoubleVaultTarget implements VaultTarget {
  readonly name = 'the Vault double';
  readonly real = false;
  readonly kvMount: string;
  private readonly proxies: TcpProxy[] = [];
  private roles = 0;

  private constructor(readonly double: VaultDouble) {
    this.kvMount = double.kvMount;
  }

  static async start(): Promise<DoubleVaultTarget> {
    return new DoubleVaultTarget(await VaultDouble.start());
  }

  get address(): string {
    return this.double.address;
  }

  async createToken(options: { ttlSeconds: number; maxTtlSeconds?: number }): Promise<string> {
    return this.double.createToken({ ...options, renewable: true });
  }

  async createAppRole(options: { tokenTtlSeconds?: number; tokenMaxTtlSeconds?: number } = {}): Promise<AppRoleCredentials> {
    const credentials = { roleId: `role-${++this.roles}-${random()}`, secretId: random(), mount: 'approle' };
    this.double.setAppRole({ ...credentials, ...options, roleName: `causeway-test-${this.roles}` });
    return credentials;
  }

  async revokeAppRoleTokens(): Promise<void> {
    this.double.expireTokens('auth/approle/');
  }

  async outage(): Promise<Interruptible> {
    // The double's own control: the same port goes away and comes back.
    return { address: this.double.address, down: () => this.double.stop(), up: () => this.double.restart() };
  }

  async lossyLink(): Promise<TcpProxy> {
    const proxy = await TcpProxy.start(this.double.address);
    this.proxies.push(proxy);
    return proxy;
  }

  async close(): Promise<void> {
    await Promise.all(this.proxies.map((p) => p.close()));
    await this.double.close();
  }
}

/** Sets up what the suite needs through Vault's API with the root token, and removes it afterwards. */
class RealVaultTarget implements VaultTarget {
  readonly real = true;
  readonly kvMount = 'secret';
  private readonly run = `causeway-test-${random(6).toLowerCase()}`;
  private readonly policy = `${this.run}-kv`;
  private readonly roleNames: string[] = [];
  private enabledAppRole = false;
  private readonly proxies: TcpProxy[] = [];

  private constructor(
    readonly address: string,
    private readonly rootToken: string,
    private readonly admin: VaultHttp,
  ) {}

  get name(): string {
    return `the Vault server at ${this.address}`;
  }

  static async connect(address: string, rootToken: string): Promise<RealVaultTarget> {
    const target = new RealVaultTarget(address, rootToken, new VaultHttp({ address }));
    await target.ok('PUT policy', 'POST', `sys/policies/acl/${target.policy}`, {
      policy: [
        `path "${target.kvMount}/data/*" { capabilities = ["create", "read", "update", "delete", "list"] }`,
        `path "${target.kvMount}/metadata/*" { capabilities = ["read", "delete", "list"] }`,
        `path "${target.kvMount}/metadata/" { capabilities = ["list"] }`,
      ].join('\n'),
    });
    return target;
  }

  async createToken(options: { ttlSeconds: number; maxTtlSeconds?: number }): Promise<string> {
    const body = await this.ok('create token', 'POST', 'auth/token/create', {
      policies: [this.policy],
      ttl: `${options.ttlSeconds}s`,
      renewable: true,
      ...(options.maxTtlSeconds ? { explicit_max_ttl: `${options.maxTtlSeconds}s` } : {}),
    });
    return (body as { auth: { client_token: string } }).auth.client_token;
  }

  async createAppRole(options: { tokenTtlSeconds?: number; tokenMaxTtlSeconds?: number } = {}): Promise<AppRoleCredentials> {
    await this.ensureAppRoleEnabled();
    const name = `${this.run}-${this.roleNames.length + 1}`;
    this.roleNames.push(name);
    await this.ok('create role', 'POST', `auth/approle/role/${name}`, {
      token_policies: [this.policy],
      ...(options.tokenTtlSeconds ? { token_ttl: `${options.tokenTtlSeconds}s` } : {}),
      ...(options.tokenMaxTtlSeconds ? { token_max_ttl: `${options.tokenMaxTtlSeconds}s` } : {}),
    });
    const roleId = ((await this.ok('read role id', 'GET', `auth/approle/role/${name}/role-id`)) as { data: { role_id: string } }).data.role_id;
    const secretId = (
      (await this.ok('create secret id', 'POST', `auth/approle/role/${name}/secret-id`, {})) as {
        data: { secret_id: string };
      }
    ).data.secret_id;
    return { roleId, secretId, mount: 'approle' };
  }

  async revokeAppRoleTokens(): Promise<void> {
    const listed = await this.admin.send('GET', 'auth/token/accessors', {
      token: this.rootToken,
      query: { list: 'true' },
    });
    const accessors = ((listed.body as { data?: { keys?: string[] } })?.data?.keys ?? []) as string[];
    for (const accessor of accessors) {
      const found = await this.admin.send('POST', 'auth/token/lookup-accessor', {
        token: this.rootToken,
        body: { accessor },
      });
      const roleName = (found.body as { data?: { meta?: { role_name?: string } | null } })?.data?.meta?.role_name;
      if (roleName && this.roleNames.includes(roleName)) {
        await this.ok('revoke token', 'POST', 'auth/token/revoke-accessor', { accessor });
      }
    }
  }

  async outage(): Promise<Interruptible> {
    const proxy = await this.lossyLink();
    return {
      address: proxy.address(new URL(this.address).protocol.replace(':', '')),
      down: () => proxy.stop(),
      up: () => proxy.restart(),
    };
  }

  async lossyLink(): Promise<TcpProxy> {
    const proxy = await TcpProxy.start(this.address);
    this.proxies.push(proxy);
    return proxy;
  }

  async close(): Promise<void> {
    await Promise.all(this.proxies.map((p) => p.close()));
    for (const name of this.roleNames) await this.admin.send('DELETE', `auth/approle/role/${name}`, { token: this.rootToken });
    if (this.enabledAppRole) await this.admin.send('DELETE', 'sys/auth/approle', { token: this.rootToken });
    await this.admin.send('DELETE', `sys/policies/acl/${this.policy}`, { token: this.rootToken });
    await this.admin.close();
  }

  private async ensureAppRoleEnabled(): Promise<void> {
    const mounts = (await this.ok('list auth methods', 'GET', 'sys/auth')) as Record<string, unknown> & {
      data?: Record<string, unknown>;
    };
    if ((mounts.data ?? mounts)['approle/']) return;
    await this.ok('enable approle', 'POST', 'sys/auth/approle', { type: 'approle' });
    this.enabledAppRole = true;
  }

  private async ok(what: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await this.admin.send(method, path, { token: this.rootToken, body });
    if (response.status >= 300) throw new Error(`test set-up: ${what} answered ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

function random(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}
