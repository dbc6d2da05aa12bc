import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Vault / OpenBao on 127.0.0.1, speaking the part of the HTTP API that
 * `VaultSecretStore` uses, with Vault's response shapes and status codes:
 *
 * - KV v2 on one mount: read, write with check-and-set, metadata read, LIST (verb or
 *   `?list=true`), destroy-all delete; every version kept.
 * - Tokens with TTL, max TTL and renewal (`lookup-self`, `renew-self`, `create`); a token past
 *   its TTL is refused with 403 "permission denied", as Vault does.
 * - AppRole and Kubernetes logins that accept the credentials it was configured with.
 * - Controls a real server does not have: `stop()`/`restart()` for an outage on the same port,
 *   `expireTokens()`, and a log of requests (method, path, namespace; never tokens or bodies).
 *
 * Not modelled: policies (every valid token may do everything), leases, seal, namespaces as
 * separate trees (the header is recorded, not enforced).
 */
export interface VaultDoubleOptions {
  /** 0 (default) picks a free port; `restart()` reuses whichever was picked. */
  port?: number;
  rootToken?: string;
  kvMount?: string;
  /** TTL of tokens issued by logins and `token/create` without a ttl. */
  tokenTtlSeconds?: number;
  /** Cap on any token's life, renewals included (Vault's max_lease_ttl). */
  tokenMaxTtlSeconds?: number;
  appRoles?: readonly DoubleAppRole[];
  kubernetesRoles?: readonly DoubleKubernetesRole[];
}

export interface DoubleAppRole {
  roleId: string;
  secretId: string;
  roleName?: string;
  mount?: string;
  tokenTtlSeconds?: number;
  tokenMaxTtlSeconds?: number;
}

export interface DoubleKubernetesRole {
  role: string;
  /** The service-account JWT this role accepts (the double does no TokenReview). */
  jwt: string;
  mount?: string;
  tokenTtlSeconds?: number;
  tokenMaxTtlSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path below `/v1/`, without the query. */
  path: string;
  query: string;
  namespace?: string;
  status: number;
}

interface TokenRecord {
  id: string;
  accessor: string;
  policies: string[];
  meta: Record<string, string> | null;
  /** Seconds a renewal extends to when it asks for no increment. */
  ttlSeconds: number;
  creationTime: number;
  /** ms since epoch; undefined never expires. */
  expiresAt?: number;
  maxExpiresAt?: number;
  renewable: boolean;
  path: string;
}

interface KvVersion {
  data: Record<string, unknown>;
  createdTime: string;
}

interface KvSecret {
  createdTime: string;
  updatedTime: string;
  currentVersion: number;
  versions: Map<number, KvVersion>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; '));
  }
}

const PERMISSION_DENIED = new HttpError(403, ['permission denied']);
const NOT_FOUND = new HttpError(404, []);

export class VaultDouble {
  readonly rootToken: string;
  readonly kvMount: string;
  readonly requests: RecordedRequest[] = [];
  private readonly appRoles: DoubleAppRole[];
  private readonly kubernetesRoles: DoubleKubernetesRole[];

  private readonly tokens = new Map<string, TokenRecord>();
  private readonly kv = new Map<string, KvSecret>();
  private readonly server: Server;
  private port = 0;
  private running = false;

  private constructor(private readonly options: VaultDoubleOptions) {
    this.rootToken = options.rootToken ?? `hvs.${randomBytes(18).toString('base64url')}`;
    this.kvMount = options.kvMount ?? 'secret';
    this.appRoles = [...(options.appRoles ?? [])];
    this.kubernetesRoles = [...(options.kubernetesRoles ?? [])];
    this.tokens.set(this.rootToken, {
      id: this.rootToken,
      accessor: randomBytes(12).toString('base64url'),
      policies: ['root'],
      meta: null,
      ttlSeconds: 0,
      creationTime: Date.now(),
      renewable: false,
      path: 'auth/token/root',
    });
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  static async start(options: VaultDoubleOptions = {}): Promise<VaultDouble> {
    const double = new VaultDouble(options);
    await double.listen(options.port ?? 0);
    return double;
  }

  get address(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Outage: stop listening and cut every open connection. State is kept for `restart()`. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Ends an outage: listen again on the same port. */
  async restart(): Promise<void> {
    if (!this.running) await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /**
   * Tokens issued through a path starting with `issuedBy` (e.g. `auth/approle/`; default: all)
   * are past their TTL from now on. The root token never expires.
   */
  expireTokens(issuedBy = ''): void {
    for (const token of this.tokens.values()) {
      if (token.id !== this.rootToken && token.path.startsWith(issuedBy)) token.expiresAt = Date.now() - 1;
    }
  }

  /** Issues a token as `auth/token/create` would, for tests that need a short-lived one. */
  createToken(options: { ttlSeconds?: number; maxTtlSeconds?: number; renewable?: boolean } = {}): string {
    return this.issue({ path: 'auth/token/create', policies: ['default'], meta: null, ...options }).id;
  }

  /** Accepts this AppRole login from now on, replacing a role with the same role id. */
  setAppRole(role: DoubleAppRole): void {
    const index = this.appRoles.findIndex((r) => r.roleId === role.roleId && (r.mount ?? 'approle') === (role.mount ?? 'approle'));
    this.appRoles.splice(index === -1 ? this.appRoles.length : index, 1, role);
  }

  /** Accepts this Kubernetes role from now on, replacing one of the same name (a rotated JWT). */
  setKubernetesRole(role: DoubleKubernetesRole): void {
    const index = this.kubernetesRoles.findIndex((r) => r.role === role.role && (r.mount ?? 'kubernetes') === (role.mount ?? 'kubernetes'));
    this.kubernetesRoles.splice(index === -1 ? this.kubernetesRoles.length : index, 1, role);
  }

  /** Requests to a path below `/v1/` (prefix match), for assertions. */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        this.running = true;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const path = url.pathname.replace(/^\/v1\//, '');
    const method = req.method === 'GET' && url.searchParams.get('list') === 'true' ? 'LIST' : (req.method ?? 'GET');
    const namespace = header(req, 'x-vault-namespace');
    let status = 200;
    let body: unknown;
    try {
      const raw = await readBody(req);
      let input: Record<string, unknown> = {};
      if (raw) {
        try {
          input = JSON.parse(raw);
        } catch {
          throw new HttpError(400, ['failed to parse JSON input']);
        }
      }
      body = this.route(method, path, input, header(req, 'x-vault-token'));
      if (body === undefined) status = 204;
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(500, [`internal error: ${(error as Error).message}`]);
      status = failure.status;
      body = { errors: failure.errors };
    }
    this.requests.push({ method, path, query: url.search, ...(namespace ? { namespace } : {}), status });
    if (status === 204) {
      res.writeHead(204).end();
    } else {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    }
  }

  private route(method: string, path: string, input: Record<string, unknown>, token: string | undefined): unknown {
    if (method === 'GET' && path === 'sys/health') {
      return {
        initialized: true,
        sealed: false,
        standby: false,
        performance_standby: false,
        version: '0.0.0-double',
        cluster_name: 'vault-double',
      };
    }
    const login = this.matchLogin(method, path);
    if (login) return login(input);

    const caller = this.authenticate(token);
    if (path === 'auth/token/lookup-self' && method === 'GET') return this.envelope({ data: this.lookup(caller) });
    if (path === 'auth/token/renew-self' && (method === 'POST' || method === 'PUT')) return this.renew(caller, input);
    if (path === 'auth/token/create' && (method === 'POST' || method === 'PUT')) {
      const created = this.issue({
        path: 'auth/token/create',
        policies: Array.isArray(input.policies) ? input.policies.map(String) : ['default'],
        meta: null,
        ttlSeconds: input.ttl === undefined ? undefined : parseDuration(input.ttl),
        maxTtlSeconds: input.explicit_max_ttl === undefined ? undefined : parseDuration(input.explicit_max_ttl),
        renewable: input.renewable === undefined ? true : Boolean(input.renewable),
      });
      return this.envelope({ auth: this.authBlock(created) });
    }

    if (path === `sys/internal/ui/mounts/${this.kvMount}` && method === 'GET') {
      return this.envelope({ data: { path: `${this.kvMount}/`, type: 'kv', options: { version: '2' } } });
    }
    if (path === 'sys/capabilities-self' && (method === 'POST' || method === 'PUT')) {
      // The double has no policies: the root token may do anything, every other token the KV work.
      const granted = caller.id === this.rootToken ? ['root'] : ['create', 'delete', 'list', 'read', 'update'];
      const paths = Array.isArray(input.paths) ? input.paths.map(String) : [];
      return this.envelope({ data: Object.fromEntries(paths.map((p) => [p, granted])) });
    }

    const data = `${this.kvMount}/data/`;
    const metadata = `${this.kvMount}/metadata/`;
    if (path.startsWith(data)) return this.kvData(method, path.slice(data.length), input);
    if (path.startsWith(metadata) || path === metadata.slice(0, -1)) {
      return this.kvMetadata(method, path.length > metadata.length ? path.slice(metadata.length) : '');
    }
    throw new HttpError(404, [`1 error occurred:\n\t* unsupported path\n\n`]);
  }

  private matchLogin(method: string, path: string): ((input: Record<string, unknown>) => unknown) | undefined {
    if (method !== 'POST' && method !== 'PUT') return undefined;
    const match = /^auth\/(.+)\/login$/.exec(path);
    if (!match) return undefined;
    const mount = match[1];
    const appRoles = this.appRoles.filter((r) => (r.mount ?? 'approle') === mount);
    const k8sRoles = this.kubernetesRoles.filter((r) => (r.mount ?? 'kubernetes') === mount);
    if (appRoles.length > 0) {
      return (input) => {
        const role = appRoles.find((r) => r.roleId === input.role_id);
        if (!role) throw new HttpError(400, ['invalid role ID']);
        if (role.secretId !== input.secret_id) throw new HttpError(400, ['invalid secret id']);
        const issued = this.issue({
          path: `auth/${mount}/login`,
          policies: ['default', 'causeway'],
          meta: { role_name: role.roleName ?? 'causeway' },
          ttlSeconds: role.tokenTtlSeconds,
          maxTtlSeconds: role.tokenMaxTtlSeconds,
        });
        return this.envelope({ auth: this.authBlock(issued) });
      };
    }
    if (k8sRoles.length > 0) {
      return (input) => {
        if (typeof input.role !== 'string' || typeof input.jwt !== 'string') throw new HttpError(400, ['missing role or jwt']);
        const role = k8sRoles.find((r) => r.role === input.role);
        if (!role) throw new HttpError(400, [`invalid role name "${input.role}"`]);
        if (role.jwt !== input.jwt) throw PERMISSION_DENIED;
        const issued = this.issue({
          path: `auth/${mount}/login`,
          policies: ['default', 'causeway'],
          meta: { role: role.role },
          ttlSeconds: role.tokenTtlSeconds,
          maxTtlSeconds: role.tokenMaxTtlSeconds,
        });
        return this.envelope({ auth: this.authBlock(issued) });
      };
    }
    return undefined;
  }

  private authenticate(token: string | undefined): TokenRecord {
    const record = token ? this.tokens.get(token) : undefined;
    if (!record) throw PERMISSION_DENIED;
    if (record.expiresAt !== undefined && Date.now() >= record.expiresAt) {
      this.tokens.delete(record.id);
      throw PERMISSION_DENIED;
    }
    return record;
  }

  private issue(options: {
    path: string;
    policies: string[];
    meta: Record<string, string> | null;
    ttlSeconds?: number;
    maxTtlSeconds?: number;
    renewable?: boolean;
  }): TokenRecord {
    const now = Date.now();
    const ttlSeconds = options.ttlSeconds ?? this.options.tokenTtlSeconds ?? 3600;
    const maxTtlSeconds = options.maxTtlSeconds ?? this.options.tokenMaxTtlSeconds;
    const maxExpiresAt = maxTtlSeconds ? now + maxTtlSeconds * 1000 : undefined;
    const record: TokenRecord = {
      id: `hvs.${randomBytes(18).toString('base64url')}`,
      accessor: randomBytes(12).toString('base64url'),
      policies: options.policies,
      meta: options.meta,
      ttlSeconds,
      creationTime: now,
      expiresAt: ttlSeconds === 0 ? undefined : Math.min(now + ttlSeconds * 1000, maxExpiresAt ?? Infinity),
      maxExpiresAt,
      renewable: options.renewable ?? true,
      path: options.path,
    };
    this.tokens.set(record.id, record);
    return record;
  }

  private renew(token: TokenRecord, input: Record<string, unknown>): unknown {
    if (!token.renewable || token.expiresAt === undefined) throw new HttpError(400, ['lease is not renewable']);
    const increment = input.increment === undefined ? token.ttlSeconds : parseDuration(input.increment);
    const wanted = Date.now() + increment * 1000;
    const warnings: string[] = [];
    token.expiresAt = Math.min(wanted, token.maxExpiresAt ?? Infinity);
    if (token.expiresAt < wanted) {
      warnings.push(`TTL of "${increment}s" exceeded the effective max_ttl of "${remainingSeconds(token)}s"; TTL value is capped accordingly`);
    }
    return this.envelope({ auth: this.authBlock(token), warnings: warnings.length ? warnings : null });
  }

  private lookup(token: TokenRecord) {
    return {
      accessor: token.accessor,
      creation_time: Math.floor(token.creationTime / 1000),
      creation_ttl: token.ttlSeconds,
      display_name: token.path === 'auth/token/root' ? 'root' : 'token',
      entity_id: '',
      expire_time: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
      explicit_max_ttl: 0,
      id: token.id,
      meta: token.meta,
      num_uses: 0,
      orphan: true,
      path: token.path,
      policies: token.policies,
      renewable: token.renewable,
      ttl: remainingSeconds(token),
      type: 'service',
    };
  }

  private authBlock(token: TokenRecord) {
    return {
      client_token: token.id,
      accessor: token.accessor,
      policies: token.policies,
      token_policies: token.policies,
      metadata: token.meta,
      lease_duration: remainingSeconds(token),
      renewable: token.renewable,
      entity_id: '',
      token_type: 'service',
      orphan: true,
    };
  }

  private envelope(fields: { data?: unknown; auth?: unknown; warnings?: string[] | null }) {
    return {
      request_id: randomUUID(),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: fields.data ?? null,
      wrap_info: null,
      warnings: fields.warnings ?? null,
      auth: fields.auth ?? null,
    };
  }

  private kvData(method: string, path: string, input: Record<string, unknown>): unknown {
    if (method === 'GET') {
      const secret = this.kv.get(path);
      const version = secret?.versions.get(secret.currentVersion);
      if (!secret || !version) throw NOT_FOUND;
      return this.envelope({ data: { data: version.data, metadata: versionMetadata(secret.currentVersion, version) } });
    }
    if (method === 'POST' || method === 'PUT') {
      if (typeof input.data !== 'object' || input.data === null) throw new HttpError(400, ['no data provided']);
      const secret = this.kv.get(path);
      const cas = (input.options as { cas?: unknown } | undefined)?.cas;
      if (cas !== undefined && Number(cas) !== (secret?.currentVersion ?? 0)) {
        throw new HttpError(400, ['check-and-set parameter did not match the current version']);
      }
      const now = new Date().toISOString();
      const next = secret ?? { createdTime: now, updatedTime: now, currentVersion: 0, versions: new Map() };
      next.currentVersion += 1;
      next.updatedTime = now;
      const version = { data: input.data as Record<string, unknown>, createdTime: now };
      next.versions.set(next.currentVersion, version);
      this.kv.set(path, next);
      return this.envelope({ data: versionMetadata(next.currentVersion, version) });
    }
    throw new HttpError(405, ['unsupported operation']);
  }

  private kvMetadata(method: string, path: string): unknown {
    if (method === 'LIST') {
      const prefix = path === '' ? '' : `${path.replace(/\/$/, '')}/`;
      const keys = new Set<string>();
      for (const key of this.kv.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
      }
      if (keys.size === 0) throw NOT_FOUND;
      return this.envelope({ data: { keys: [...keys].sort() } });
    }
    if (method === 'GET') {
      const secret = this.kv.get(path);
      if (!secret) throw NOT_FOUND;
      return this.envelope({
        data: {
          cas_required: false,
          created_time: secret.createdTime,
          current_version: secret.currentVersion,
          custom_metadata: null,
          delete_version_after: '0s',
          max_versions: 0,
          oldest_version: Math.min(...secret.versions.keys()),
          updated_time: secret.updatedTime,
          versions: Object.fromEntries([...secret.versions].map(([n, v]) => [String(n), { created_time: v.createdTime, deletion_time: '', destroyed: false }])),
        },
      });
    }
    if (method === 'DELETE') {
      this.kv.delete(path);
      return undefined;
    }
    throw new HttpError(405, ['unsupported operation']);
  }
}

function versionMetadata(version: number, stored: KvVersion) {
  return { created_time: stored.createdTime, custom_metadata: null, deletion_time: '', destroyed: false, version };
}

function remainingSeconds(token: TokenRecord): number {
  return token.expiresAt === undefined ? 0 : Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000));
}

/** Vault accepts seconds as a number or a duration string ("90s", "5m", "1h"). */
function parseDuration(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)(s|m|h)?$/.exec(String(value));
  if (!match) throw new HttpError(400, [`invalid duration ${JSON.stringify(value)}`]);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
