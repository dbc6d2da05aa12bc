import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@causeway/platform';

export const INTERNAL_TOKEN = Symbol('AUDIT_INTERNAL_TOKEN');

/** Probes and scrapes stay open: Kubernetes and Prometheus carry no token. */
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Default deny: every route of the audit service except the three above needs the shared
 * service-to-service token (`Authorization: Bearer <AUDIT_INTERNAL_TOKEN>`). Tenant scoping
 * is the caller's job (the control plane checks the user's role); this only proves the
 * caller is the control plane.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(INTERNAL_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (PUBLIC_PATHS.has(request.url.split('?')[0])) return true;
    const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new AppError('unauthenticated', 'a valid internal bearer token is required');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
