import { randomUUID } from 'node:crypto';
import { catalog } from '@causeway/connectors';
import type { ApprovalPolicy } from '@causeway/contracts';
import { EgressRefusedError, type EgressGuard } from '@causeway/egress';
import type { Logger } from '@causeway/observability';
import { secretPath, type SecretStore } from '@causeway/secrets';
import type { EngineFor } from '../actions/engine-for';
import type { ConfigView } from '../config-view/config-view';
import type { CredentialProvider } from '../credentials/credential-provider';
import type { ApprovalRow } from './approval.entities';
import { signApprovalPayload } from './approval-signature';
import { approvalView } from './approval-view';
import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '@causeway/observability';

/** Where a tenant's webhook signing secret lives (written by the control plane). */
export const webhookSecretPath = (tenantId: string) => `${secretPath.tenant(tenantId)}/approval-webhook`;

export type ApprovalEventType = 'approval.requested' | 'approval.approved' | 'approval.rejected' | 'approval.expired' | 'approval.executed';

export interface NotifierOptions {
  /** Where delivery outcomes are counted. */
  registry?: Registry;
  secretStore: SecretStore;
  egress: EgressGuard;
  logger: Logger;
  configView?: ConfigView;
  engineFor?: EngineFor;
  credentials?: CredentialProvider;
  /** Delivery attempts per webhook (default 5) and the backoff base (default 500 ms, full jitter, capped at 30 s). */
  attempts?: number;
  backoffBaseMs?: number;
}

/**
 * Tells humans an approval waits, and agents that it was decided: the tenant's webhook
 * (HMAC-signed, retried with exponential backoff and full jitter), a Slack message through the
 * tenant's own Slack connection, and the callback URL an agent registered with its call.
 * Delivery never blocks or fails the agent's call: it runs after the answer, and failures are
 * logged without the URL's query or the secret.
 */
export class ApprovalNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  private readonly deliveries?: Counter<'channel' | 'outcome'>;

  constructor(private readonly options: NotifierOptions) {
    this.deliveries = options.registry
      ? new Counter({
          name: METRIC_NAMES.approvalNotifications,
          help: 'Approval notifications by channel (webhook, callback, slack) and outcome (delivered, gave_up); retries are in memory',
          labelNames: ['channel', 'outcome'],
          registers: [options.registry],
        })
      : undefined;
  }

  notify(type: ApprovalEventType, row: ApprovalRow, policy: ApprovalPolicy): void {
    const work = this.deliver(type, row, policy).catch((error) =>
      this.options.logger.warn({ err: String(error), approvalId: row.id, type }, 'approval notification failed'),
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** For shutdown and tests: resolves when every notification started so far has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(type: ApprovalEventType, row: ApprovalRow, policy: ApprovalPolicy): Promise<void> {
    const payload = JSON.stringify({
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      tenantId: row.tenantId,
      approval: approvalView(row, { withInput: false }),
    });
    const secret = policy.webhookSecretSet || row.callbackUrl ? await this.webhookSecret(row.tenantId) : undefined;
    const jobs: Promise<void>[] = [];
    const counted = (channel: 'webhook' | 'callback' | 'slack', job: Promise<void>) =>
      jobs.push(
        job.then(
          () => void this.deliveries?.inc({ channel, outcome: 'delivered' }),
          (error: unknown) => {
            this.deliveries?.inc({ channel, outcome: 'gave_up' });
            throw error;
          },
        ),
      );
    if (policy.webhookUrl && secret) counted('webhook', this.post(policy.webhookUrl, payload, secret, 'webhook'));
    else if (policy.webhookUrl) this.options.logger.warn({ tenantId: row.tenantId }, 'approval webhook configured without a signing secret; not sent');
    // The agent's callback hears about decisions, not about its own request.
    if (row.callbackUrl && type !== 'approval.requested') counted('callback', this.post(row.callbackUrl, payload, secret, 'callback'));
    if (policy.slack && type === 'approval.requested') counted('slack', this.slack(row, policy.slack));
    await Promise.all(
      jobs.map((j) => j.catch((error) => this.options.logger.warn({ err: String(error), approvalId: row.id }, 'approval notification gave up'))),
    );
  }

  private async webhookSecret(tenantId: string): Promise<string | undefined> {
    const stored = await this.options.secretStore.read(webhookSecretPath(tenantId));
    return stored?.data.secret;
  }

  private async post(url: string, body: string, secret: string | undefined, what: string): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    const base = this.options.backoffBaseMs ?? 500;
    const target = new URL(url);
    for (let attempt = 1; ; attempt += 1) {
      // Signed per attempt: the timestamp is fresh, so a receiver's age check holds across retries.
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'causeway-approvals/1' };
      if (secret) headers['causeway-signature'] = signApprovalPayload(secret, body, Math.floor(Date.now() / 1000));
      let status: number | undefined;
      try {
        const response = await this.options.egress.fetch(
          target,
          { method: 'POST', headers, body, redirect: 'manual', deadlineMs: 10_000, maxResponseBytes: 64 * 1024 },
          { declaredHosts: [target.hostname] },
        );
        status = response.status;
        if (status >= 200 && status < 300) return;
        // A receiver that refuses the request itself will refuse it again.
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new Error(`${what} answered ${status}`);
      } catch (error) {
        // The policy's answer does not change between attempts (an agent's callbackUrl aimed inside).
        if (error instanceof EgressRefusedError) throw error;
        if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) throw error;
        if (attempt >= attempts) throw error;
      }
      if (attempt >= attempts) throw new Error(`${what} answered ${status} ${attempts} times`);
      const wait = Math.random() * Math.min(30_000, base * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** `slack.post_message` through the tenant's own Slack connection, the same engine and credentials as an agent's call. */
  private async slack(row: ApprovalRow, target: NonNullable<ApprovalPolicy['slack']>): Promise<void> {
    const { configView, engineFor, credentials } = this.options;
    if (!configView || !engineFor || !credentials) return;
    const entry = catalog.findAction('slack.post_message');
    const connection = configView.connection(row.tenantId, target.connectionId);
    if (!entry || !connection || connection.provider !== 'slack') {
      this.options.logger.warn({ tenantId: row.tenantId }, 'approval Slack notification: no such Slack connection in this tenant');
      return;
    }
    const credential = await credentials.get({ tenantId: row.tenantId, connectionId: target.connectionId, provider: 'slack' });
    const text = `Approval needed: key "${row.keyName}" wants to call ${row.tool} (${row.reason}). Approval ${row.id}, expires ${row.expiresAt.toISOString()}. Decide in the Causeway console (approveAction / rejectAction).`;
    const result = await engineFor(entry.provider, connection).executeAction({
      action: 'slack.post_message',
      input: { channel: target.channel, text },
      credential,
      connection: { params: connection.params, serverOverrides: connection.serverOverrides ?? undefined },
      timeoutMs: 10_000,
    });
    if (!result.ok) throw new Error(`Slack answered ${result.error.code}`);
  }
}
