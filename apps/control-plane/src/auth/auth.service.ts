import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CONTROL_PLANE_SCHEMA } from '../database/schema';
import { ACCESS_TOKENS, CONTROL_PLANE_SETTINGS, DATA_SOURCE } from '../database/tokens';
import { MembershipsService } from '../memberships/memberships.service';
import { Membership } from '../memberships/membership.entity';
import { Tenant } from '../tenants/tenant.entity';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { verifyPassword } from './passwords';
import { RefreshToken } from './refresh-token.entity';
import { clientAddress, trustedProxies } from './client-address';
import { MemoryAttemptCounter, PostgresAttemptCounter, SignInThrottle } from './sign-in-throttle';
import { hashRefreshToken, newRefreshToken, type AccessTokens } from './tokens';

export interface ControlPlaneSettings {
  refreshTokenTtlSeconds: number;
  internalToken: string;
  /** Where browsers and providers reach us, for OAuth redirect URIs. */
  publicUrl: string;
  /** Where invitation and password-reset links go; unset: the link is handed to whoever issued it. */
  accountNotifierWebhookUrl?: string;
  /** Where sign-in attempts are counted: Postgres (shared by replicas) or memory (embedded). */
  signInThrottleStore: 'postgres' | 'memory';
  /** CIDRs of reverse proxies whose X-Forwarded-For names the client; empty: the peer is the client. */
  trustedProxies?: ReadonlyArray<string>;
  /** Where providers reach the data plane's inbound webhooks; unset: webhooks are not registered at providers. */
  publicWebhookBaseUrl?: string;
}

/** Where a request came from, as the HTTP layer saw it. */
export interface RequestOrigin {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  userId: string;
  tenantId: string | null;
}

const invalidCredentials = () => new AuthError(AuthErrorCode.InvalidCredentials, 'email or password is wrong');

@Injectable()
export class AuthService {
  private readonly throttle: SignInThrottle;
  private readonly proxies: ReturnType<typeof trustedProxies>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: ControlPlaneSettings,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {
    this.throttle = new SignInThrottle(
      settings.signInThrottleStore === 'memory' ? new MemoryAttemptCounter() : new PostgresAttemptCounter(dataSource, CONTROL_PLANE_SCHEMA),
    );
    this.proxies = trustedProxies(settings.trustedProxies ?? []);
  }

  /**
   * Email and password sign-in. Unknown user and wrong password give the same answer in the
   * same time (argon2 runs against a dummy hash); both are counted alike by the throttle.
   */
  async login(emailIn: string, password: string, origin: RequestOrigin, tenantSlug?: string | null): Promise<Session> {
    const email = emailIn.trim().toLowerCase().slice(0, 320);
    const address = clientAddress(origin.peer, origin.forwardedFor, this.proxies);
    await this.throttle.beforeAttempt(email, address);
    const user = await this.users.findWithPasswordHash(email);
    const ok = await verifyPassword(user?.passwordHash, password.slice(0, 1024));
    if (!ok || !user || user.disabledAt) throw invalidCredentials();
    await this.throttle.succeeded(email, address);
    const tenantId = await this.pickTenant(user.id, user.isOperator, tenantSlug);
    return this.issue(user.id, tenantId, randomUUID());
  }

  /** Exchanges a refresh token for a new pair; a spent token presented again revokes its session. */
  async refresh(refreshToken: string): Promise<Session> {
    const hash = hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RefreshToken);
      const token = await repo.findOne({ where: { tokenHash: hash }, lock: { mode: 'pessimistic_write' } });
      if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (token.usedAt) {
        await repo.update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return { kind: 'reused' as const };
      }
      await repo.update({ id: token.id }, { usedAt: new Date() });
      return { kind: 'ok' as const, token };
    });
    if (outcome.kind !== 'ok') {
      throw new AuthError(
        AuthErrorCode.InvalidRefreshToken,
        outcome.kind === 'reused' ? 'refresh token already used; session revoked' : 'refresh token is invalid or expired',
      );
    }
    const { token } = outcome;
    if (token.tenantId && !(await this.memberships.accessOf(token.tenantId, token.userId))) {
      throw new AuthError(AuthErrorCode.NotAMember, 'you are no longer a member of this tenant');
    }
    return this.issue(token.userId, token.tenantId, token.familyId);
  }

  /** Sign-out: revokes the whole session the refresh token belongs to. */
  async logout(refreshToken: string): Promise<boolean> {
    const token = await this.dataSource.getRepository(RefreshToken).findOne({ where: { tokenHash: hashRefreshToken(refreshToken) } });
    if (!token) return false;
    await this.revokeSession(token.familyId);
    return true;
  }

  async revokeSession(familyId: string): Promise<void> {
    await this.dataSource.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** A session belongs to the user it was issued to: a session id is no credential for anyone else. */
  async isSessionActive(familyId: string, userId: string): Promise<boolean> {
    return this.dataSource.getRepository(RefreshToken).exists({ where: { familyId, userId, revokedAt: IsNull() } });
  }

  /** A new session for another tenant the user belongs to. */
  async switchTenant(userId: string, isOperator: boolean, tenantSlug: string): Promise<Session> {
    const tenantId = await this.pickTenant(userId, isOperator, tenantSlug);
    return this.issue(userId, tenantId, randomUUID());
  }

  /** A new session for a user whose identity was proven elsewhere (a tenant's OIDC provider). */
  createSessionFor(userId: string, tenantId: string): Promise<Session> {
    return this.issue(userId, tenantId, randomUUID());
  }

  private async pickTenant(userId: string, isOperator: boolean, tenantSlug?: string | null): Promise<string | null> {
    const memberships = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.tenant', Tenant, 't', 't.id = m.tenantId')
      .where('m.userId = :userId', { userId })
      .orderBy('m.createdAt', 'ASC')
      .getMany();
    if (tenantSlug) {
      const match = memberships.find((m) => (m as Membership & { tenant: Tenant }).tenant.slug === tenantSlug);
      if (!match) throw new AuthError(AuthErrorCode.NotAMember, `you are not a member of "${tenantSlug}"`);
      return match.tenantId;
    }
    if (memberships.length > 0) return memberships[0].tenantId;
    if (isOperator) return null;
    throw new AuthError(AuthErrorCode.NotAMember, 'you are not a member of any tenant');
  }

  private async issue(userId: string, tenantId: string | null, familyId: string): Promise<Session> {
    const refresh = newRefreshToken();
    await this.dataSource.getRepository(RefreshToken).insert({
      tokenHash: refresh.hash,
      familyId,
      userId,
      tenantId,
      expiresAt: new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    const access = await this.tokens.sign({ sub: userId, tid: tenantId, sid: familyId });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, userId, tenantId };
  }
}
