import { storedCredentialSchema, storedOAuthClientSchema, toSecretData, type StoredCredential } from '@causeway/contracts';
import {
  catalog,
  isMintingMode,
  mintAccessToken,
  refreshAccessToken,
  type ActionError,
  type Credential,
  type HttpTransport,
  type OAuth2AuthorizationCodeMode,
} from '@causeway/connectors';
import type { Logger } from '@causeway/observability';
import { AppError } from '@causeway/platform';
import { secretPath, SecretVersionConflictError, type SecretStore } from '@causeway/secrets';
import type { RefreshLock } from './refresh-lock';

export interface CredentialProviderOptions {
  store: SecretStore;
  lock: RefreshLock;
  logger: Logger;
  /** Refresh this long before the provider's expiry. */
  refreshMarginMs?: number;
  /** How long a cached credential is trusted without re-reading the store. */
  cacheTtlMs?: number;
  maxCached?: number;
  /** Told when a refresh proves the grant is dead (invalid_grant): the connection needs its owner. */
  onNeedsReauth?: (tenantId: string, connectionId: string, reason: string) => void;
  onRefresh?: (outcome: 'success' | 'reused' | 'failed' | 'needs_reauth') => void;
  now?: () => number;
  /**
   * Sends the refresh request to the token URL. The data plane passes the egress guard's
   * `providerTransport`, so a token URL whose name has come to resolve to a private address
   * since the admin configured it (DNS rebinding) is refused like any other outbound call.
   * Required: without it the connectors would fall back to a bare client outside the guard.
   */
  tokenTransport: (tokenUrl: string, provider: string) => HttpTransport;
}

interface Cached {
  credential: StoredCredential;
  version: number;
  readAt: number;
}

export interface ConnectionRef {
  tenantId: string;
  connectionId: string;
  provider: string;
}

/**
 * Hands the engine a valid credential for a connection. Credentials are cached in memory for
 * a bounded time, so a short secret-store outage does not stop calls whose credentials are
 * still valid; tokens are refreshed before they expire, once per expiry across all replicas
 * (in-process single flight, then a cross-replica lock, then a re-read to see whether another
 * replica already refreshed), and written back with check-and-set.
 */
export class CredentialProvider {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<Cached>>();
  private readonly now: () => number;

  constructor(private readonly options: CredentialProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A credential usable now; refreshes first when it expires within the margin. */
  async get(ref: ConnectionRef): Promise<Credential> {
    let entry = await this.current(ref);
    if (this.needsRefresh(entry.credential)) entry = await this.refresh(ref, entry.version);
    return toEngineCredential(entry.credential);
  }

  /** After the upstream said the token is no longer valid (401): one refresh, never a loop. */
  async refreshAfterRejection(ref: ConnectionRef, rejected: Credential): Promise<Credential | null> {
    const entry = await this.current(ref);
    if (!renewable(entry.credential)) return null;
    // Another call may already have refreshed since we sent the rejected token.
    if (rejected.kind === 'token' && entry.credential.accessToken !== rejected.token) return toEngineCredential(entry.credential);
    const refreshed = await this.refresh(ref, entry.version, true);
    return toEngineCredential(refreshed.credential);
  }

  forget(connectionId: string) {
    this.cache.delete(connectionId);
  }

  private async current(ref: ConnectionRef): Promise<Cached> {
    const cached = this.cache.get(ref.connectionId);
    const ttl = this.options.cacheTtlMs ?? 60_000;
    if (cached && this.now() - cached.readAt < ttl) return cached;
    try {
      return await this.read(ref);
    } catch (error) {
      // The store is unreachable: keep serving a cached credential that is still valid.
      if (cached && !this.expired(cached.credential)) {
        this.options.logger.warn({ connectionId: ref.connectionId }, 'secret store unreachable; using the cached credential');
        return cached;
      }
      if (error instanceof AppError) throw error;
      throw new AppError('unavailable', 'the credential store is unreachable; try again shortly', { retryAfterMs: 1000 });
    }
  }

  private async read(ref: ConnectionRef): Promise<Cached> {
    const secret = await this.options.store.read(secretPath.connection(ref.tenantId, ref.connectionId));
    const parsed = secret ? storedCredentialSchema.safeParse(secret.data) : null;
    if (!secret || !parsed?.success) throw new AppError('needs_reauth', `connection ${ref.connectionId} has no usable credential: reconnect it`);
    const entry = { credential: parsed.data, version: secret.version, readAt: this.now() };
    this.remember(ref.connectionId, entry);
    return entry;
  }

  private refresh(ref: ConnectionRef, seenVersion: number, force = false): Promise<Cached> {
    const running = this.inFlight.get(ref.connectionId);
    if (running) return running;
    const flight = this.options.lock
      .withLock(`refresh:${ref.connectionId}`, async () => {
        // Whoever held the lock before us may have refreshed already.
        const latest = await this.read(ref);
        if (latest.version !== seenVersion || (!force && !this.needsRefresh(latest.credential))) {
          this.options.onRefresh?.('reused');
          return latest;
        }
        return this.refreshWithProvider(ref, latest);
      })
      .finally(() => this.inFlight.delete(ref.connectionId));
    this.inFlight.set(ref.connectionId, flight);
    return flight;
  }

  private async refreshWithProvider(ref: ConnectionRef, latest: Cached): Promise<Cached> {
    const credential = latest.credential;
    if (credential.kind === 'minted') return this.store(ref, latest, await this.mintAgain(ref, credential));
    if (credential.kind !== 'token' || !credential.refreshToken) {
      // Nothing to refresh with: an expired non-refreshable token needs its owner.
      throw new AppError('needs_reauth', `connection ${ref.connectionId}'s token expired and cannot be refreshed: reconnect it`);
    }
    const mode = oauthMode(ref.provider, credential.authMode);
    const clientSecret = await this.options.store.read(secretPath.oauthApp(ref.tenantId, ref.provider));
    const client = clientSecret ? storedOAuthClientSchema.safeParse(clientSecret.data) : null;
    if (!mode || !client?.success) throw new AppError('needs_reauth', `the tenant's ${ref.provider} OAuth app is not configured`);
    // A per-tenant endpoint was filled and host-checked at consent and stored with the tokens.
    const tokenUrl = credential.tokenUrl ?? client.data.tokenUrl ?? mode.tokenUrl;
    const result = await refreshAccessToken(mode, client.data, credential.refreshToken, {
      endpoints: { tokenUrl: credential.tokenUrl ?? client.data.tokenUrl, revokeUrl: client.data.revokeUrl, discoveryUrl: client.data.discoveryUrl },
      transport: this.options.tokenTransport(tokenUrl, ref.provider),
    });
    if (!result.ok) this.refreshFailed(ref, result.error);
    const tokens = result.value;
    const next: StoredCredential = {
      kind: 'token',
      authMode: credential.authMode,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? credential.refreshToken,
      expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : undefined,
      // Kept so a provider's grace period can still rescue us if this write is lost.
      previousRefreshToken: tokens.refreshToken && tokens.refreshToken !== credential.refreshToken ? credential.refreshToken : undefined,
      refreshedAt: new Date(this.now()).toISOString(),
      tokenUrl: credential.tokenUrl,
    };
    return this.store(ref, latest, next);
  }

  /**
   * Client-credentials and JWT-bearer connections have no refresh token: a new access token is
   * minted from the stored client secret or key, at the token endpoint stored at connect.
   */
  private async mintAgain(ref: ConnectionRef, credential: Extract<StoredCredential, { kind: 'minted' }>): Promise<StoredCredential> {
    const mode = catalog.provider(ref.provider)?.authModes.find((m) => m.id === credential.authMode);
    if (!mode || !isMintingMode(mode)) throw new AppError('needs_reauth', `${ref.provider} has no minting mode "${credential.authMode}": reconnect it`);
    const result = await mintAccessToken(
      mode,
      { ...credential, scopes: credential.scopes ? credential.scopes.split(' ').filter(Boolean) : undefined },
      credential.tokenUrl,
      { now: this.now, transport: this.options.tokenTransport(credential.tokenUrl, ref.provider) },
    );
    if (!result.ok) this.refreshFailed(ref, result.error);
    return {
      ...credential,
      accessToken: result.value.accessToken,
      expiresAt: result.value.expiresAt ? new Date(result.value.expiresAt).toISOString() : undefined,
      mintedAt: new Date(this.now()).toISOString(),
    };
  }

  private refreshFailed(ref: ConnectionRef, error: ActionError): never {
    if (error.code === 'needs_reauth') {
      this.options.onRefresh?.('needs_reauth');
      this.options.onNeedsReauth?.(ref.tenantId, ref.connectionId, error.message);
      this.cache.delete(ref.connectionId);
      throw new AppError('needs_reauth', `connection ${ref.connectionId} was revoked or expired at ${ref.provider}: its owner must reconnect`);
    }
    this.options.onRefresh?.('failed');
    throw new AppError(error.retryable ? 'upstream_unavailable' : 'upstream_error', `token refresh failed: ${error.message}`, {
      retryAfterMs: error.retryAfterMs,
    });
  }

  /** Caches the renewed credential, then writes it back with check-and-set on the version read. */
  private async store(ref: ConnectionRef, latest: Cached, next: StoredCredential): Promise<Cached> {
    const entry: Cached = { credential: next, version: latest.version + 1, readAt: this.now() };
    // Cache first: even if the write below fails, this replica holds the only valid tokens
    // and keeps serving with them while the write is retried.
    this.remember(ref.connectionId, entry);
    try {
      const written = await this.options.store.write(
        secretPath.connection(ref.tenantId, ref.connectionId),
        toSecretData(next as Record<string, string | undefined>),
        { cas: latest.version },
      );
      entry.version = written.version;
    } catch (error) {
      if (error instanceof SecretVersionConflictError) {
        // Someone wrote without the lock (an admin reconnect): theirs wins.
        this.cache.delete(ref.connectionId);
        return this.read(ref);
      }
      this.options.logger.error({ connectionId: ref.connectionId }, 'refreshed tokens could not be stored; retrying in the background');
      this.retryWrite(ref, next, latest.version);
    }
    this.options.onRefresh?.('success');
    return entry;
  }

  private retryWrite(ref: ConnectionRef, credential: StoredCredential, cas: number, attempt = 1) {
    const delay = Math.min(30_000, 500 * 2 ** attempt);
    setTimeout(() => {
      this.options.store
        .write(secretPath.connection(ref.tenantId, ref.connectionId), toSecretData(credential as Record<string, string | undefined>), { cas })
        .then((written) => {
          const cached = this.cache.get(ref.connectionId);
          if (cached?.credential === credential) cached.version = written.version;
        })
        .catch((error) => {
          if (!(error instanceof SecretVersionConflictError) && attempt < 10) this.retryWrite(ref, credential, cas, attempt + 1);
        });
    }, delay).unref();
  }

  private needsRefresh(credential: StoredCredential): boolean {
    if (!renewable(credential) || !credential.expiresAt) return false;
    return Date.parse(credential.expiresAt) - this.now() <= (this.options.refreshMarginMs ?? 60_000);
  }

  private expired(credential: StoredCredential): boolean {
    return credential.kind !== 'basic' && credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= this.now();
  }

  private remember(connectionId: string, entry: Cached) {
    this.cache.delete(connectionId);
    this.cache.set(connectionId, entry);
    const max = this.options.maxCached ?? 50_000;
    if (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** A credential that can be renewed without its owner: a refresh token, or minting material. */
function renewable(credential: StoredCredential): credential is Extract<StoredCredential, { kind: 'token' | 'minted' }> {
  return credential.kind === 'minted' || (credential.kind === 'token' && credential.refreshToken !== undefined);
}

function toEngineCredential(credential: StoredCredential): Credential {
  return credential.kind === 'basic'
    ? { authMode: credential.authMode, kind: 'basic', username: credential.username, password: credential.password }
    : { authMode: credential.authMode, kind: 'token', token: credential.accessToken };
}

function oauthMode(provider: string, authMode: string): OAuth2AuthorizationCodeMode | undefined {
  const mode = catalog.provider(provider)?.authModes.find((m) => m.id === authMode);
  return mode?.type === 'oauth2_authorization_code' ? mode : undefined;
}
