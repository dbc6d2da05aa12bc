import { SecretStoreAccessDeniedError, SecretStoreError, SecretStoreUnavailableError, SecretWriteOutcomeUnknownError } from '../errors';
import type { SecretStoreLogger } from '../secret-store';
import { vaultErrors } from './vault-auth';
import { VaultTransportError, type VaultHttp, type VaultMethod, type VaultResponse } from './vault-http';
import { backoffDelayMs, mayRetry, notApplied, sleep, type Failure, type RetryPolicy } from './retry-policy';
import type { VaultTokenManager } from './token-manager';

export interface VaultCall {
  body?: unknown;
  query?: Record<string, string>;
  /** Safe to repeat whatever happened to an earlier try (reads, lists, destroy-all deletes). */
  idempotent: boolean;
  /** For messages: what the call was for, e.g. `read tenants/acme/connections/c1`. */
  what: string;
}

/**
 * Authenticated Vault calls: the current token, one re-login when Vault refuses it, and the
 * retry policy for transient failures. Returns every other answer (2xx, 400, 404) for the
 * adapter to interpret.
 */
export class VaultClient {
  constructor(
    private readonly http: VaultHttp,
    private readonly tokens: VaultTokenManager,
    private readonly retry: RetryPolicy,
    private readonly logger: SecretStoreLogger,
  ) {}

  async call(method: VaultMethod, apiPath: string, call: VaultCall): Promise<VaultResponse> {
    let reloggedIn = false;
    for (let attempt = 1; ; attempt += 1) {
      let failure: Failure;
      let cause: unknown;
      try {
        const token = await this.tokens.token();
        const response = await this.http.send(method, apiPath, { token, body: call.body, query: call.query });
        if (response.status === 403 || response.status === 401) {
          // Authentication is checked before anything is applied, so even a write may go again.
          if (!reloggedIn && (await this.tokens.refused(token))) {
            reloggedIn = true;
            attempt -= 1;
            continue;
          }
          throw new SecretStoreAccessDeniedError(`${call.what}: Vault denied access (${response.status}${vaultErrors(response)})`);
        }
        if (response.status !== 429 && response.status < 500) return response;
        failure = { kind: 'status', status: response.status };
        cause = new Error(`Vault answered ${response.status}${vaultErrors(response)}`);
      } catch (error) {
        if (error instanceof VaultTransportError) {
          failure = { kind: 'transport', sent: error.sent };
        } else if (error instanceof SecretStoreUnavailableError) {
          failure = { kind: 'transport', sent: false }; // logging in failed: our call was never sent
        } else {
          throw error;
        }
        cause = error;
      }

      if (!mayRetry(failure, call.idempotent)) throw this.giveUp(call, failure, cause, attempt);
      if (attempt >= this.retry.attempts) throw this.giveUp(call, failure, cause, attempt);
      const delay = backoffDelayMs(this.retry, attempt);
      this.logger.debug({ what: call.what, attempt, retryInMs: delay, failure }, 'Vault call failed; retrying');
      await sleep(delay);
    }
  }

  private giveUp(call: VaultCall, failure: Failure, cause: unknown, attempts: number): SecretStoreError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    if (!call.idempotent && !notApplied(failure)) {
      return new SecretWriteOutcomeUnknownError(`${call.what}: the write may or may not have been applied (${detail}); re-read before retrying`, {
        cause,
      });
    }
    return new SecretStoreUnavailableError(`${call.what}: Vault is unavailable after ${attempts} attempt(s) (${detail})`, { cause });
  }
}
