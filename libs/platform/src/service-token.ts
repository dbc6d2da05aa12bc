import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { AppError } from './app-error';

/** The shared service-to-service token a service checks (a string; unset refuses every caller). */
export const SERVICE_TOKEN = Symbol('SERVICE_TOKEN');
/** Paths the guard leaves open (probes and scrapes carry no token); exact, without the query. */
export const SERVICE_TOKEN_OPEN_PATHS = Symbol('SERVICE_TOKEN_OPEN_PATHS');

/**
 * Whether an `Authorization` header carries the expected service token. Fails closed: with no
 * token configured nothing matches, so a service started without one serves none of its
 * internal routes rather than all of them. Compares SHA-256 digests, so the comparison takes
 * the same time whatever the presented value's length.
 */
export function serviceTokenMatches(expected: string | undefined, authorization: string | string[] | undefined): boolean {
  if (!expected) return false;
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const presented = header ? /^Bearer\s+(\S{1,4096})$/i.exec(header)?.[1] : undefined;
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The one guard of the services' internal APIs: the caller must present the shared service
 * token (`Authorization: Bearer <token>`), or gets the contract's 401. It proves which service
 * is calling, nothing more: tenant scoping stays the caller's job. Global (audit: every route
 * but its open paths) or per controller (the data plane's internal approvals).
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly openPaths: ReadonlySet<string>;

  constructor(
    @Inject(SERVICE_TOKEN) private readonly token: string | undefined,
    @Optional() @Inject(SERVICE_TOKEN_OPEN_PATHS) openPaths: readonly string[] | null = null,
  ) {
    this.openPaths = new Set(openPaths ?? []);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ url: string; headers: Record<string, string | string[] | undefined> }>();
    if (this.openPaths.size > 0 && this.openPaths.has(request.url.split('?')[0])) return true;
    if (!serviceTokenMatches(this.token, request.headers.authorization))
      throw new AppError('unauthenticated', 'internal endpoint: a valid service token is required');
    return true;
  }
}
