import { z } from 'zod';
import { SecretStoreError } from '../errors';
import type { SecretStoreLogger } from '../secret-store';
import type { TokenGrant, VaultAuthenticator } from './vault-auth';
import type { VaultHttp } from './vault-http';

interface HeldToken extends TokenGrant {
  obtainedAt: number;
  /** Set once Vault capped a renewal: the token is near its max TTL and cannot be stretched further. */
  atMaxTtl: boolean;
}

const renewSchema = z.object({
  auth: z.object({ lease_duration: z.number().int().min(0), renewable: z.boolean() }),
});

export interface TokenManagerOptions {
  /** Share of the TTL after which the token is renewed (or replaced). */
  refreshAt?: number;
  /** Backoff ceiling while a background re-login keeps failing. */
  maxReloginDelayMs?: number;
  now?: () => number;
}

/**
 * Keeps one valid Vault token for the process.
 *
 * - Start: log in (AppRole, Kubernetes) or look the static token up (`lookup-self`) to learn its TTL.
 * - At ~2/3 of the TTL: renew (`renew-self`) when the token is renewable; Vault caps a renewal
 *   at the token's max TTL, and once it does, the next step is a fresh login instead.
 * - Renewal refused, token not renewable, or a request answered 403 with a token `lookup-self`
 *   no longer accepts: log in again (single-flight, so a burst of refused requests causes one
 *   login). A 403 for a token that is still valid is the policy's answer: no login changes it.
 * - A static token cannot be replaced; when it dies, calls fail with access denied.
 */
export class VaultTokenManager {
  private held?: HeldToken;
  private acquiring?: Promise<string>;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly refreshAt: number;
  private readonly maxReloginDelayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly http: VaultHttp,
    private readonly auth: VaultAuthenticator,
    private readonly logger: SecretStoreLogger,
    options: TokenManagerOptions = {},
  ) {
    this.refreshAt = options.refreshAt ?? 2 / 3;
    this.maxReloginDelayMs = options.maxReloginDelayMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get canLogin(): boolean {
    return this.auth.canLogin;
  }

  /** A token believed valid, logging in first when there is none (or it has expired). */
  async token(): Promise<string> {
    const held = this.held;
    if (held && !(this.auth.canLogin && this.expired(held))) return held.token;
    return this.acquire();
  }

  /**
   * Vault answered 403 to a call made with `token`. Returns true when a different token is now
   * available, so the caller may try once more; false when nothing can replace it, or when the
   * token is still valid: Vault answers 403 both for a dead token and for a path the token's
   * policy does not allow, and a fresh login gets the same policy.
   */
  async refused(token: string): Promise<boolean> {
    if (!this.auth.canLogin) return false;
    if (this.held && this.held.token !== token) return true; // someone already replaced it
    if (await this.stillValid(token)) return false;
    if (this.held && this.held.token !== token) return true; // replaced while we looked it up
    this.held = undefined;
    this.logger.warn({ method: this.auth.method }, 'Vault refused our token; logging in again');
    await this.acquire();
    return true;
  }

  /** `lookup-self` needs no policy (the default policy grants it): it fails only for a dead token. */
  private async stillValid(token: string): Promise<boolean> {
    try {
      return (await this.http.send('GET', 'auth/token/lookup-self', { token })).status === 200;
    } catch {
      return false; // unreachable: let the login decide (and report the outage)
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private acquire(): Promise<string> {
    this.acquiring ??= (async () => {
      const grant = await this.auth.acquire(this.http);
      this.held = { ...grant, obtainedAt: this.now(), atMaxTtl: false };
      this.logger.info({ method: this.auth.method, ttlSeconds: grant.ttlSeconds, renewable: grant.renewable }, 'obtained a Vault token');
      this.schedule();
      return grant.token;
    })().finally(() => {
      this.acquiring = undefined;
    });
    return this.acquiring;
  }

  private expired(held: HeldToken): boolean {
    return held.ttlSeconds > 0 && this.now() >= held.obtainedAt + held.ttlSeconds * 1000;
  }

  private schedule(delayMs?: number): void {
    clearTimeout(this.timer);
    const held = this.held;
    if (this.closed || !held || held.ttlSeconds === 0) return; // a TTL of 0 never expires
    const nothingToDo = !this.auth.canLogin && (!held.renewable || held.atMaxTtl);
    if (nothingToDo && delayMs === undefined) return;
    const delay = delayMs ?? Math.max(0, held.ttlSeconds * 1000 * this.refreshAt);
    // unref: a pending renewal must not keep a finished process alive.
    this.timer = setTimeout(() => void this.refresh(), delay).unref();
  }

  private async refresh(): Promise<void> {
    const held = this.held;
    if (this.closed || !held) return;
    if (held.renewable && !held.atMaxTtl && (await this.renew(held))) return;
    if (this.auth.canLogin) await this.reloginInBackground(1);
  }

  /** Returns true when the token was renewed and the next refresh is scheduled. */
  private async renew(held: HeldToken): Promise<boolean> {
    try {
      const response = await this.http.send('POST', 'auth/token/renew-self', {
        token: held.token,
        body: { increment: held.renewIncrementSeconds },
      });
      const parsed = renewSchema.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) throw new Error(`renew-self answered ${response.status}`);
      const { lease_duration: ttlSeconds, renewable } = parsed.data.auth;
      if (this.held !== held) return true; // replaced while we were renewing
      const atMaxTtl = ttlSeconds < held.renewIncrementSeconds;
      this.held = { ...held, ttlSeconds, renewable, obtainedAt: this.now(), atMaxTtl };
      this.logger.debug({ method: this.auth.method, ttlSeconds, atMaxTtl }, 'renewed the Vault token');
      if (atMaxTtl && !this.auth.canLogin) {
        this.logger.warn({ expiresInSeconds: ttlSeconds }, 'VAULT_TOKEN reached its max TTL and cannot be renewed further; replace it before it expires');
      }
      this.schedule();
      return true;
    } catch (error) {
      this.logger.warn({ method: this.auth.method, error: describe(error) }, 'renewing the Vault token failed');
      if (!this.auth.canLogin) {
        // Try again while the token still lives: half the remaining time, at least a second.
        const remaining = held.obtainedAt + held.ttlSeconds * 1000 - this.now();
        if (remaining > 1000) this.schedule(Math.max(1000, remaining / 2));
      }
      return false;
    }
  }

  private async reloginInBackground(attempt: number): Promise<void> {
    if (this.closed) return;
    try {
      await this.acquire();
    } catch (error) {
      const delay = Math.min(this.maxReloginDelayMs, 1000 * 2 ** (attempt - 1));
      this.logger.warn({ method: this.auth.method, attempt, retryInMs: delay, error: describe(error) }, 'logging in to Vault failed');
      clearTimeout(this.timer);
      if (!this.closed) this.timer = setTimeout(() => void this.reloginInBackground(attempt + 1), delay).unref();
    }
  }
}

/** Our own error messages are safe to log; anything else is reduced to its name and code. */
function describe(error: unknown): string {
  if (error instanceof SecretStoreError) return error.message;
  if (error instanceof Error)
    return `${error.name}${(error as NodeJS.ErrnoException).code ? ` ${(error as NodeJS.ErrnoException).code}` : ''}: ${error.message}`;
  return String(error);
}
