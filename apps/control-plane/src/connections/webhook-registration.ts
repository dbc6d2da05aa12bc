import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { storedWebhookSecretSchema, webhookSecretPath, type AuditActor, type StoredWebhookSecret } from '@causeway/contracts';
import { buildProxyTarget, catalog, type Credential, type HttpTransport } from '@causeway/connectors';
import { providerTransport, type EgressGuard } from '@causeway/egress';
import { AppError, parseInput } from '@causeway/platform';
import type { SecretStore } from '@causeway/secrets';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Connection } from './connection.entity';
import { readCredential } from './stored-secrets';
import { PROVIDER_EGRESS } from './tokens';
import { MANUAL_WEBHOOK_STEPS, vendorMessage, webhookProviderFor, type HookArgs, type HookRequest, type WebhookProvider } from './webhook-providers';
import { WebhookRegistration } from './webhook-registration.entity';

const REQUEST_TIMEOUT_MS = 10_000;

/** What registerWebhook reports: a refusal by the provider is a value, never a half-written state. */
export interface RegistrationOutcome {
  ok: boolean;
  /** `upstream_forbidden`, `upstream_error`… when the provider refused or could not be reached. */
  code?: string;
  message?: string;
  registration: WebhookRegistration | null;
}

/** What deleting a connection did to its hook at the provider (kept in the audit trail). */
export type HookRemoval = { outcome: 'deleted' | 'none' } | { outcome: 'failed'; reason: string };

export const webhookSecretInput = z.object({
  connectionId: z.uuid(),
  // Vendors' signing secrets: Slack's 32 hex characters, Contentful's 64, GitHub's and Jira's as chosen.
  secret: z.string().min(16, 'at least 16 characters').max(512, 'at most 512 characters'),
});

/** A refusal by the provider, with every secret involved cut out of the reason. */
class ProviderRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Registers a connection's inbound webhook at its provider, where the provider's API allows
 * it (webhook-providers.ts), and deletes it when the connection goes. The signing secret is
 * generated here (or by the provider, Stripe) and kept in the secret store only; the hook's id
 * is a `webhook_registrations` row. Every attempt is an audit event. A failed attempt leaves
 * what was there before: the previous secret is put back and no row claims a hook.
 */
@Injectable()
export class WebhookRegistrationService {
  private readonly logger = new Logger('WebhookRegistration');
  /** Per connection, the change under way: a second one waits for it (a double click must not leave two hooks). */
  private readonly underWay = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    @Inject(PROVIDER_EGRESS) private readonly egress: EgressGuard,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: ControlPlaneSettings,
  ) {}

  /** The connection's stable inbound URL at the data plane, or a refusal naming the setting. */
  inboundUrl(tenantId: string, connectionId: string): string {
    const base = this.settings.publicWebhookBaseUrl;
    if (!base) {
      throw new AppError(
        'conflict',
        'PUBLIC_WEBHOOK_BASE_URL is not set: the operator must set where providers reach the data plane before webhooks are registered',
        {
          field: 'connectionId',
        },
      );
    }
    return `${base.replace(/\/+$/, '')}/v1/webhooks/${tenantId}/${connectionId}`;
  }

  async registrationOf(tenantId: string, connectionId: string): Promise<WebhookRegistration | null> {
    return this.dataSource.getRepository(WebhookRegistration).findOne({ where: { tenantId, connectionId } });
  }

  /**
   * Right after a connection is stored: registers at once where nothing more needs saying
   * (Stripe) and the operator set the public URL. Never fails the connection: a refusal is
   * recorded on the registration and in the audit trail.
   */
  async afterConnected(tenantId: string, actor: AuditActor, connection: Connection): Promise<void> {
    const strategy = webhookProviderFor(connection);
    if (!strategy || strategy.target || !this.settings.publicWebhookBaseUrl) return;
    await this.registerFor(tenantId, actor, connection, strategy, undefined).catch((error: unknown) => {
      this.logger.warn(`connection ${connection.id}: webhook registration at connect time failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async register(tenantId: string, actor: AuditActor, connectionId: string, target: string | null | undefined): Promise<RegistrationOutcome> {
    const connection = await this.connection(tenantId, connectionId);
    const strategy = webhookProviderFor(connection);
    if (!strategy) {
      const manual = MANUAL_WEBHOOK_STEPS[connection.provider];
      throw new AppError('invalid_input', `${connection.provider} webhooks cannot be registered with this connection${manual ? `. ${manual}` : ''}`, {
        field: 'connectionId',
      });
    }
    if (strategy.target && !(target && strategy.target.pattern.test(target))) {
      throw new AppError('invalid_input', `target: ${connection.provider} needs ${strategy.target.describe}, e.g. ${strategy.target.example}`, {
        field: 'target',
      });
    }
    if (!strategy.target && target) throw new AppError('invalid_input', `target: ${connection.provider} takes none`, { field: 'target' });
    return this.registerFor(tenantId, actor, connection, strategy, target ?? undefined);
  }

  /**
   * Sets the secret the vendor signs with, for providers registered by hand (Slack, Jira,
   * Contentful): the new one verifies at once and the previous one until the next change.
   */
  async setSecret(tenantId: string, actor: AuditActor, input: z.input<typeof webhookSecretInput>): Promise<{ url: string; connection: Connection }> {
    const { connectionId, secret } = parseInput(webhookSecretInput, input, { whole: 'input' });
    const connection = await this.connection(tenantId, connectionId);
    const url = this.inboundUrl(tenantId, connectionId);
    await this.oneAtATime(connectionId, async () => {
      const previous = await this.storedSecret(tenantId, connectionId);
      await this.secrets.write(webhookSecretPath(tenantId, connectionId), toStored(secret, previous));
      await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(WebhookRegistration);
        const existing = await repository.findOne({ where: { tenantId, connectionId } });
        // A hook Causeway registered stays recorded (deleting the connection deletes it); otherwise the secret is the admin's own.
        if (!existing || existing.status !== 'registered')
          await repository.save(
            repository.merge(existing ?? repository.create({ tenantId, connectionId }), {
              provider: connection.provider,
              status: 'manual',
              target: null,
              providerHookId: null,
              url,
              reason: null,
            }),
          );
        await recordChange(manager, {
          tenantId,
          actor,
          action: 'connection.webhook_secret_set',
          target: { type: 'connection', id: connectionId },
          after: { provider: connection.provider, url, rotated: previous !== null },
        });
      });
      this.nudgeOutbox();
    });
    return { url, connection };
  }

  /**
   * Before a connection is deleted (while its credential still works): deletes the hook at the
   * provider, best effort, then the registration and the secret. The outcome goes to the audit trail.
   */
  removeFor(tenantId: string, actor: AuditActor, connection: Connection): Promise<HookRemoval> {
    return this.oneAtATime(connection.id, () => this.removeNow(tenantId, actor, connection));
  }

  private async removeNow(tenantId: string, actor: AuditActor, connection: Connection): Promise<HookRemoval> {
    const registration = await this.registrationOf(tenantId, connection.id);
    const strategy = webhookProviderFor(connection);
    let removal: HookRemoval = { outcome: 'none' };
    if (registration?.status === 'registered' && registration.providerHookId && strategy) {
      removal = await this.deleteHook(connection, strategy, registration).then(
        () => ({ outcome: 'deleted' }) as const,
        (error: unknown) => ({ outcome: 'failed', reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown failure' }) as const,
      );
      if (removal.outcome === 'failed')
        this.logger.warn(`connection ${connection.id}: deleting the webhook at ${connection.provider} failed: ${removal.reason}`);
    }
    if (registration) {
      await this.dataSource.transaction(async (manager) => {
        await manager.delete(WebhookRegistration, { tenantId, id: registration.id });
        await recordChange(manager, {
          tenantId,
          actor,
          action: 'connection.webhook_deleted',
          target: { type: 'connection', id: connection.id },
          outcome: removal.outcome === 'failed' ? 'failed' : 'success',
          before: summary(registration),
          after: { removal },
        });
      });
      this.nudgeOutbox();
    }
    await this.secrets.delete(webhookSecretPath(tenantId, connection.id));
    return removal;
  }

  private registerFor(
    tenantId: string,
    actor: AuditActor,
    connection: Connection,
    strategy: WebhookProvider,
    target: string | undefined,
  ): Promise<RegistrationOutcome> {
    return this.oneAtATime(connection.id, () => this.registerNow(tenantId, actor, connection, strategy, target));
  }

  private async registerNow(
    tenantId: string,
    actor: AuditActor,
    connection: Connection,
    strategy: WebhookProvider,
    target: string | undefined,
  ): Promise<RegistrationOutcome> {
    const url = this.inboundUrl(tenantId, connection.id);
    const path = webhookSecretPath(tenantId, connection.id);
    const previous = await this.storedSecret(tenantId, connection.id);
    const existing = await this.registrationOf(tenantId, connection.id);
    // The secret is in place before the hook exists: a provider pings a new hook at once (GitHub).
    const chosen = strategy.providerGeneratesSecret ? undefined : randomBytes(32).toString('hex');
    if (chosen) await this.secrets.write(path, toStored(chosen, previous));
    let replaced = false;
    let created: { hookId: string; secret?: string } | undefined;
    try {
      // The hook this one replaces goes first: GitHub refuses a second hook with the same URL,
      // and two would deliver everything twice.
      if (existing?.status === 'registered' && existing.providerHookId) {
        await this.deleteHook(connection, strategy, existing);
        replaced = true;
      }
      created = await this.createHook(connection, strategy, { url, secret: chosen, target });
      if (created.secret) await this.secrets.write(path, toStored(created.secret, previous));
      const saved = await this.save(tenantId, actor, connection, existing, {
        status: 'registered',
        target: target ?? null,
        providerHookId: created.hookId,
        url,
        reason: null,
      });
      return { ok: true, registration: saved };
    } catch (error) {
      // A hook whose secret or record could not be kept would only ever be refused: it goes.
      if (created) await this.deleteHook(connection, strategy, { providerHookId: created.hookId, target: target ?? null }).catch(() => undefined);
      if (chosen || created?.secret)
        await this.restore(path, previous).catch((restoreError: unknown) =>
          this.logger.warn(
            `connection ${connection.id}: putting the previous webhook secret back failed: ${restoreError instanceof Error ? restoreError.message : String(restoreError)}`,
          ),
        );
      if (!(error instanceof ProviderRefusal)) throw error;
      const reason = error.message.slice(0, 300);
      // A hook registered before stays on record while it still exists at the provider.
      const kept =
        existing?.status === 'registered' && !replaced
          ? await this.audit(tenantId, actor, connection, 'failed', { provider: connection.provider, target, reason }).then(() => existing)
          : await this.save(tenantId, actor, connection, existing, { status: 'failed', target: target ?? null, providerHookId: null, url, reason });
      return { ok: false, code: error.code, message: reason, registration: kept };
    }
  }

  private async createHook(connection: Connection, strategy: WebhookProvider, args: HookArgs): Promise<{ hookId: string; secret?: string }> {
    const created = strategy.created(await this.send(connection, strategy.create(args), [args.secret]));
    if (!created) throw new ProviderRefusal('upstream_error', `${connection.provider} answered the registration without a hook id`);
    for (const request of strategy.configure?.(args) ?? []) {
      await this.send(connection, request, [args.secret]).catch(async (error: unknown) => {
        // A hook that cannot be made to sign as expected would only ever be refused: it goes.
        await this.deleteHook(connection, strategy, { providerHookId: created.hookId, target: args.target ?? null }).catch(() => undefined);
        throw error;
      });
    }
    return created;
  }

  private async deleteHook(connection: Connection, strategy: WebhookProvider, hook: { providerHookId: string | null; target: string | null }): Promise<void> {
    if (!hook.providerHookId) return;
    try {
      await this.send(connection, strategy.remove({ hookId: hook.providerHookId, target: hook.target ?? undefined }), []);
    } catch (error) {
      // Already gone at the provider (deleted by hand): what deleting wanted.
      if (error instanceof ProviderRefusal && error.code === 'upstream_not_found') return;
      throw error;
    }
  }

  /** One request with the connection's credential, through the egress guard; a non-2xx answer is a ProviderRefusal. */
  private async send(connection: Connection, call: HookRequest, secrets: ReadonlyArray<string | undefined>): Promise<unknown> {
    const provider = catalog.provider(connection.provider);
    const stored = await readCredential(this.secrets, connection.tenantId, connection.id);
    if (!provider || !stored) throw new ProviderRefusal('needs_reauth', 'the connection has no stored credential');
    const credential: Credential =
      stored.kind === 'basic'
        ? { authMode: stored.authMode, kind: 'basic', username: stored.username, password: stored.password }
        : { authMode: stored.authMode, kind: 'token', token: stored.accessToken };
    const connectionContext = { params: connection.params, serverOverrides: connection.serverOverrides ?? undefined };
    const target = buildProxyTarget({ provider, connection: connectionContext, credential, method: call.method, path: call.path });
    if (!target.ok) throw new ProviderRefusal(target.error.code, target.error.message);
    const request = { ...target.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
    if (call.json !== undefined) {
      request.body = JSON.stringify(call.json);
      request.headers['content-type'] = 'application/json';
    } else if (call.form) {
      request.body = new URLSearchParams(call.form).toString();
      request.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const hidden = [...secrets, stored.kind === 'basic' ? stored.password : stored.accessToken];
    let response;
    try {
      response = await this.transportFor(connection)(request);
    } catch (error) {
      throw new ProviderRefusal(
        'upstream_unavailable',
        redact(`${connection.provider} could not be reached: ${error instanceof Error ? error.message : String(error)}`, hidden),
      );
    }
    const body = parseJson(response.body);
    if (response.status >= 200 && response.status < 300) return body;
    const said = vendorMessage(body) ?? `HTTP ${response.status}`;
    throw new ProviderRefusal(codeFor(response.status), redact(`${connection.provider} refused (${response.status}): ${said}`, hidden));
  }

  private transportFor(connection: Connection): HttpTransport {
    return providerTransport(this.egress, catalog.provider(connection.provider)?.hosts ?? [], [
      ...Object.values(connection.params),
      ...Object.values(connection.serverOverrides ?? {}),
    ]);
  }

  private async save(
    tenantId: string,
    actor: AuditActor,
    connection: Connection,
    existing: WebhookRegistration | null,
    fields: Pick<WebhookRegistration, 'status' | 'target' | 'providerHookId' | 'url' | 'reason'>,
  ): Promise<WebhookRegistration> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(WebhookRegistration);
      const row = await repository.save(
        repository.merge(existing ?? repository.create({ tenantId, connectionId: connection.id }), { ...fields, provider: connection.provider }),
      );
      await this.auditIn(manager, tenantId, actor, connection, fields.status === 'registered' ? 'success' : 'failed', summary(row));
      return row;
    });
    this.nudgeOutbox();
    return saved;
  }

  private async audit(tenantId: string, actor: AuditActor, connection: Connection, outcome: 'success' | 'failed', after: Record<string, unknown>) {
    await this.dataSource.transaction((manager) => this.auditIn(manager, tenantId, actor, connection, outcome, after));
    this.nudgeOutbox();
  }

  private auditIn(
    manager: DataSource['manager'],
    tenantId: string,
    actor: AuditActor,
    connection: Connection,
    outcome: 'success' | 'failed',
    after: Record<string, unknown>,
  ) {
    return recordChange(manager, {
      tenantId,
      actor,
      action: 'connection.webhook_registered',
      target: { type: 'connection', id: connection.id },
      outcome,
      after,
    });
  }

  private async storedSecret(tenantId: string, connectionId: string): Promise<StoredWebhookSecret | null> {
    const stored = await this.secrets.read(webhookSecretPath(tenantId, connectionId));
    const parsed = stored ? storedWebhookSecretSchema.safeParse(stored.data) : null;
    return parsed?.success ? parsed.data : null;
  }

  private async restore(path: string, previous: StoredWebhookSecret | null): Promise<void> {
    if (previous) await this.secrets.write(path, { ...previous });
    else await this.secrets.delete(path);
  }

  /** Runs `work` after the connection's change under way in this process, if any (replicas are not coordinated). */
  private oneAtATime<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const before = this.underWay.get(connectionId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    this.underWay.set(connectionId, mine);
    void mine
      .catch(() => undefined)
      .finally(() => {
        if (this.underWay.get(connectionId) === mine) this.underWay.delete(connectionId);
      });
    return mine;
  }

  private async connection(tenantId: string, id: string): Promise<Connection> {
    const row = await this.dataSource.getRepository(Connection).findOne({ where: { tenantId, id } });
    if (!row) throw new AppError('not_found', 'connection not found', { field: 'connectionId' });
    return row;
  }
}

/** The new secret verifies; the one it replaces still does until the vendor has switched. */
function toStored(secret: string, previous: StoredWebhookSecret | null): Record<string, string> {
  return previous && previous.secret !== secret ? { secret, previousSecret: previous.secret } : { secret };
}

function summary(row: WebhookRegistration): Record<string, unknown> {
  return { provider: row.provider, status: row.status, target: row.target, providerHookId: row.providerHookId, url: row.url, reason: row.reason };
}

function codeFor(status: number): string {
  if (status === 401) return 'needs_reauth';
  if (status === 403) return 'upstream_forbidden';
  if (status === 404) return 'upstream_not_found';
  if (status === 409) return 'upstream_conflict';
  if (status === 429) return 'upstream_rate_limited';
  return status >= 500 ? 'upstream_error' : 'upstream_invalid_request';
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

/** Providers sometimes echo what they were sent; no secret may reach the audit trail or a log. */
function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text);
}
