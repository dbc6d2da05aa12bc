import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock';
import { randomToken } from './random';

export interface SimulatedClient {
  clientId: string;
  clientSecret: string;
  /** Exact URIs, or prefixes ending in `*`. */
  redirectUris: string[];
}

export const DEFAULT_CLIENT: SimulatedClient = {
  clientId: 'causeway-sim-client',
  clientSecret: 'causeway-sim-secret',
  redirectUris: ['http://localhost*', 'http://127.0.0.1*'],
};

export function redirectAllowed(client: SimulatedClient, redirectUri: string | undefined): boolean {
  if (!redirectUri) return false;
  return client.redirectUris.some((allowed) => (allowed.endsWith('*') ? redirectUri.startsWith(allowed.slice(0, -1)) : redirectUri === allowed));
}

/** Client credentials from `Authorization: Basic` or from the body, whichever was sent. */
export function clientCredentials(authorization: string | undefined, body: Record<string, unknown>): { clientId?: string; clientSecret?: string } {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const split = decoded.indexOf(':');
    if (split > 0) {
      return { clientId: decodeURIComponent(decoded.slice(0, split)), clientSecret: decodeURIComponent(decoded.slice(split + 1)) };
    }
  }
  return {
    clientId: typeof body['client_id'] === 'string' ? body['client_id'] : undefined,
    clientSecret: typeof body['client_secret'] === 'string' ? body['client_secret'] : undefined,
  };
}

export function secretMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 7636: S256 challenge = base64url(SHA-256(verifier)); `plain` compares directly. */
export function pkceMatches(challenge: string, method: string, verifier: string | undefined): boolean {
  if (!verifier) return false;
  if (method === 'plain') return challenge === verifier;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used: boolean;
  extras: Record<string, unknown>;
}

/** Single-use authorization codes with the 10-minute lifetime most vendors document. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs = 10 * 60 * 1000,
  ) {}

  create(grant: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): string {
    const code = randomToken('', 18);
    this.codes.set(code, { ...grant, code, expiresAt: this.clock.now() + this.lifetimeMs, used: false });
    return code;
  }

  /** Returns the grant once; a reused, expired or unknown code gives `undefined`. */
  redeem(code: string | undefined): AuthorizationCode | undefined {
    const grant = code ? this.codes.get(code) : undefined;
    if (!grant || grant.used || this.clock.now() >= grant.expiresAt) return undefined;
    grant.used = true;
    return grant;
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^(?:Bearer|token)\s+(\S+)$/i);
  return match?.[1];
}
