import type { Logger } from '@causeway/observability';
import { serviceFetch } from '@causeway/egress';

/**
 * Tells the control plane that a connection needs its owner (a refresh answered invalid_grant).
 * Retried in the background with backoff: the call that discovered it has already failed with
 * `needs_reauth`, so nothing waits on this.
 */
export class ConnectionStatusReporter {
  constructor(
    private readonly controlPlaneUrl: string | undefined,
    private readonly internalToken: string | undefined,
    private readonly logger: Logger,
  ) {}

  needsReauth(tenantId: string, connectionId: string, reason: string, attempt = 0): void {
    if (!this.controlPlaneUrl || !this.internalToken) {
      this.logger.warn({ connectionId }, 'connection needs re-authorisation, but no control plane is configured to record it');
      return;
    }
    serviceFetch(new URL(`/internal/connections/${connectionId}/status`, this.controlPlaneUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.internalToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, status: 'needs_reauth', reason: reason.slice(0, 300) }),
      signal: AbortSignal.timeout(5000),
    })
      .then((response) => {
        if (!response.ok && response.status >= 500) throw new Error(`HTTP ${response.status}`);
      })
      .catch((error) => {
        if (attempt >= 8) {
          this.logger.error({ connectionId, err: String(error) }, 'could not record needs_reauth with the control plane');
          return;
        }
        setTimeout(() => this.needsReauth(tenantId, connectionId, reason, attempt + 1), Math.min(60_000, 500 * 2 ** attempt)).unref();
      });
  }
}
