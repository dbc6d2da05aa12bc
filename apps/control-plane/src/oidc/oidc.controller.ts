import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access-levels';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { CONTROL_PLANE_SETTINGS } from '../database/tokens';
import { callbackPage } from './callback-page';
import { OidcSignInService, DEFAULT_RETURN_TO, type CallbackParams } from './oidc-sign-in.service';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { OIDC_SETTINGS, type OidcSettings } from './oidc.settings';
import { callbackUrl, OIDC_ROUTE_PREFIX } from './oidc.paths';
import { parseReturnTo } from './return-to';
import { isBrowserKey, newBrowserKey } from './sign-in-state.store';

/** Binds a started sign-in to the browser that started it; only our own paths ever see it. */
const BROWSER_COOKIE = 'causeway_oidc';

/**
 * Browser sign-in through a tenant's OIDC provider. Public by declaration: whoever follows
 * these links has no session yet. Failures answer the contract's error body (HttpErrorFilter).
 */
@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly signIn: OidcSignInService,
    @Inject(OIDC_SETTINGS) private readonly settings: OidcSettings,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly controlPlane: ControlPlaneSettings,
  ) {}

  @Get(':tenantSlug/start')
  async start(@Param('tenantSlug') tenantSlug: string, @Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const returnTo = parseReturnTo(single(query, 'redirect'), DEFAULT_RETURN_TO);
    const existing = cookieOf(request, BROWSER_COOKIE);
    // Reusing the cookie lets sign-ins started in two tabs of one browser both finish.
    const browserKey = isBrowserKey(existing) ? existing : newBrowserKey();
    // The redirect_uri comes from configuration (CAUSEWAY_PUBLIC_URL), never from the Host header.
    const redirectUri = callbackUrl(this.controlPlane.publicUrl);
    const location = await this.signIn.start(tenantSlug, returnTo, redirectUri, browserKey);
    const cookie = [
      `${BROWSER_COOKIE}=${browserKey}`,
      `Path=${OIDC_ROUTE_PREFIX}`,
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${Math.ceil(this.settings.stateTtlMs / 1000)}`,
    ];
    if (redirectUri.startsWith('https:')) cookie.push('Secure');
    void reply.header('set-cookie', cookie.join('; ')).header('cache-control', 'no-store').redirect(location, 302);
  }

  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params: CallbackParams = { state: single(query, 'state'), code: single(query, 'code'), iss: single(query, 'iss'), error: single(query, 'error') };
    const { session, tenant, returnTo } = await this.signIn.complete(params, cookieOf(request, BROWSER_COOKIE));
    // The URL that brought the browser here holds the code; keep it out of Referer headers.
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (String(request.headers.accept ?? '').includes('application/json')) {
      void reply.send({
        accessToken: session.accessToken,
        accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
        refreshToken: session.refreshToken,
        tenant: { id: tenant.id, slug: tenant.slug },
        redirect: returnTo,
      });
      return;
    }
    const page = callbackPage(session, returnTo);
    void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', page.csp).send(page.html);
  }
}

/** A query parameter given at most once; a repeated one is refused rather than guessed at. */
function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 4096) throw new OidcError(OidcErrorCode.InvalidInput, `${name}: expected one value`, name);
  return value;
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
