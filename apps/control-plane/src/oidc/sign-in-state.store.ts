import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/tokens';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { OIDC_SETTINGS, type OidcSettings } from './oidc.settings';
import { OidcSignInState } from './sign-in-state.entity';

/** Expired rows stay this long so a late callback hears "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 60 * 60_000;

export interface StartedSignIn {
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface PendingSignIn {
  tenantId: string;
  providerId: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  returnTo: string;
}

const random = () => randomBytes(32).toString('base64url');
const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** A browser-binding value from a cookie is ours only if it has the shape we issue. */
export const isBrowserKey = (value: string | undefined): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
export const newBrowserKey = random;

/**
 * The server side of `state`, PKCE and `nonce`. A state is bound to one tenant and provider,
 * to the browser that started the sign-in, lives `stateTtlMs`, and is consumed by exactly one
 * callback.
 */
@Injectable()
export class SignInStateStore {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OIDC_SETTINGS) private readonly settings: OidcSettings,
  ) {}

  async begin(pending: Omit<PendingSignIn, 'codeVerifier' | 'nonce'>, browserKey: string): Promise<StartedSignIn> {
    const now = this.settings.now();
    const repo = this.dataSource.getRepository(OidcSignInState);
    // Sign-in starts are unauthenticated; sweeping here keeps the table to recent traffic.
    await repo
      .createQueryBuilder()
      .delete()
      .where('expires_at < :before', { before: new Date(now - KEEP_EXPIRED_MS) })
      .execute();
    const state = random();
    const nonce = random();
    const codeVerifier = random();
    await repo.insert({
      ...pending,
      stateHash: sha256(state),
      browserHash: sha256(browserKey),
      codeVerifier,
      nonce,
      expiresAt: new Date(now + this.settings.stateTtlMs),
    });
    return { state, nonce, codeChallenge: sha256(codeVerifier) };
  }

  /** Deletes and returns the pending sign-in; a second call with the same state finds nothing. */
  async consume(state: string, browserKey: string | undefined): Promise<PendingSignIn> {
    const stateHash = sha256(state);
    const result = await this.dataSource
      .getRepository(OidcSignInState)
      .createQueryBuilder()
      .delete()
      .where('state_hash = :stateHash AND browser_hash = :browserHash', { stateHash, browserHash: sha256(browserKey ?? '') })
      .returning('*')
      .execute();
    const row = (result.raw as RawState[])[0];
    if (!row) {
      const elsewhere = await this.dataSource.getRepository(OidcSignInState).exists({ where: { stateHash } });
      throw new OidcError(
        OidcErrorCode.StateInvalid,
        elsewhere
          ? 'this sign-in was started in another browser (its cookie is missing here); start the sign-in again'
          : 'sign-in state is unknown or was already used; start the sign-in again',
        'state',
      );
    }
    if (new Date(row.expires_at).getTime() <= this.settings.now()) {
      throw new OidcError(
        OidcErrorCode.StateExpired,
        `sign-in state has expired (a sign-in must finish within ${Math.round(this.settings.stateTtlMs / 60_000)} minutes); start the sign-in again`,
        'state',
      );
    }
    return {
      tenantId: row.tenant_id,
      providerId: row.provider_id,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      redirectUri: row.redirect_uri,
      returnTo: row.return_to,
    };
  }

  /** Pending sign-ins of a provider that was removed can no longer complete. */
  async discardForTenant(tenantId: string, manager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(OidcSignInState).delete({ tenantId });
  }
}

interface RawState {
  tenant_id: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  redirect_uri: string;
  return_to: string;
  expires_at: Date | string;
}
