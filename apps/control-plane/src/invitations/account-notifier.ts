import type { EgressGuard } from '@causeway/egress';
import type { Logger } from '@nestjs/common';

/** A link that lets one person into their account: an invitation to a tenant, or a password reset. */
export interface AccountLinkMessage {
  kind: 'invitation' | 'password_reset';
  email: string;
  link: string;
  expiresAt: Date;
  tenant?: { slug: string; name: string };
  role?: string;
}

/**
 * How a link reaches its person. When the notifier `delivers`, the link goes only to the
 * invitee, and the inviter never holds it; otherwise the inviter is shown the link once and
 * hands it over themselves.
 */
export interface AccountNotifier {
  readonly delivers: boolean;
  deliver(message: AccountLinkMessage): Promise<void>;
}

export const ACCOUNT_NOTIFIER = Symbol('ACCOUNT_NOTIFIER');

/** The default: the link is handed to the inviter; the log records that, never the link (it is a credential). */
export class HandOverNotifier implements AccountNotifier {
  readonly delivers = false;
  constructor(private readonly logger: Pick<Logger, 'log'>) {}

  async deliver(message: AccountLinkMessage): Promise<void> {
    this.logger.log(`${message.kind} link issued for hand-over${message.tenant ? ` (tenant ${message.tenant.slug})` : ''}`);
  }
}

/**
 * Posts the link as JSON to an operator's webhook (a mailer, a chat bot). The request goes
 * through the egress guard like every outbound call: only to the configured host, and a
 * private address only if the operator allows it.
 */
export class WebhookNotifier implements AccountNotifier {
  readonly delivers = true;
  private readonly host: string;

  constructor(
    private readonly url: string,
    private readonly egress: EgressGuard,
  ) {
    this.host = new URL(url).hostname;
  }

  async deliver(message: AccountLinkMessage): Promise<void> {
    const response = await this.egress.fetch(
      this.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message, expiresAt: message.expiresAt.toISOString() }),
        redirect: 'manual',
        deadlineMs: 10_000,
      },
      { declaredHosts: [this.host] },
    );
    if (response.status < 200 || response.status >= 300) throw new Error(`notifier webhook answered ${response.status}`);
  }
}
