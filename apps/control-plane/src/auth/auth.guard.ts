import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { abilityFor, expandPermissions, parsePermission } from '@causeway/authz';
import { serviceTokenMatches } from '@causeway/platform';
import { ACCESS_TOKENS, CONTROL_PLANE_SETTINGS } from '../database/tokens';
import { MembershipsService } from '../memberships/memberships.service';
import { UsersService } from '../users/users.service';
import { ACCESS_KEY, type Access } from './access-levels';
import { AuthError, AuthErrorCode } from './auth.errors';
import { AuthService, type ControlPlaneSettings } from './auth.service';
import { requestOf, type Principal } from './principal';
import type { AccessTokens } from './tokens';

const unauthenticated = () => new AuthError(AuthErrorCode.Unauthenticated, 'sign in first: send Authorization: Bearer <access token>');

/**
 * The one global guard. Default deny: a handler that declares no access level is refused,
 * so a forgotten decorator fails closed. Permissions are re-read from the membership on
 * every request, so a demotion takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: ControlPlaneSettings,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new AuthError(AuthErrorCode.Forbidden, 'this operation declares no access rule and is closed');
    if (access.kind === 'public') return true;

    const request = requestOf(context);
    const bearer = bearerOf(request.headers.authorization);
    if (!bearer && access.kind === 'public-or-signed-in') return true;
    if (!bearer) throw unauthenticated();
    if (access.kind === 'internal') {
      if (!serviceTokenMatches(this.settings.internalToken, request.headers.authorization)) throw unauthenticated();
      return true;
    }

    const principal = await this.principalFor(bearer);
    if (!principal) throw unauthenticated();
    request.principal = principal;

    if (access.kind === 'authenticated' || access.kind === 'public-or-signed-in') return true;
    if (access.kind === 'operator') {
      if (!principal.isOperator) throw new AuthError(AuthErrorCode.Forbidden, 'only platform operators may do this');
      return true;
    }
    const { action, subject } = parsePermission(access.permission);
    if (!principal.tenantId || !principal.ability.can(action, subject)) {
      throw new AuthError(AuthErrorCode.Forbidden, `you need ${access.permission} in this tenant`);
    }
    return true;
  }

  private async principalFor(token: string): Promise<Principal | null> {
    const claims = await this.tokens.verify(token);
    if (!claims) {
      this.logger.debug('access token refused: bad signature, wrong audience or expired');
      return null;
    }
    // One after the other: two concurrent statements gain nothing here, and over PGlite's
    // shared backend concurrent extended-protocol statements were seen to cross their answers.
    const user = await this.users.findById(claims.sub);
    const sessionActive = user ? await this.auth.isSessionActive(claims.sid, user.id) : false;
    if (!user || user.disabledAt || !sessionActive) {
      this.logger.debug(`access token refused: ${!user ? 'no such user' : user.disabledAt ? 'user disabled' : 'session ended'}`);
      return null;
    }
    const access = claims.tid ? await this.memberships.accessOf(claims.tid, user.id) : null;
    const permissions = expandPermissions(access?.permissions ?? []);
    return {
      userId: user.id,
      email: user.email,
      isOperator: user.isOperator,
      // A session whose membership is gone keeps its identity but acts in no tenant.
      tenantId: access ? claims.tid : null,
      roleName: access?.roleName ?? null,
      permissions,
      ability: abilityFor(permissions),
    };
  }
}

function bearerOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S{1,4096})$/i.exec(value) : null;
  return match ? match[1] : null;
}
