import type { Clock } from './clock';
import { randomToken } from './random';

export type TokenStatus = 'valid' | 'expired' | 'revoked' | 'unknown';

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  clientId: string;
  /** Who the token acts for (a user or bot id in the vendor's format). */
  subject: string;
  scopes: string[];
  /** Tokens descending from one authorization share a family (for rotation and revocation). */
  familyId: string;
  issuedAt: number;
  expiresAt?: number;
  revokedAt?: number;
  /** For refresh tokens: when it was first exchanged, and what replaced it. */
  rotatedAt?: number;
  replacedBy?: string;
  /** The refresh token that minted an access token, so revoking one can revoke the other. */
  parent?: string;
  /** Vendor extras: Slack team, Salesforce instance URL, Atlassian sites. */
  attributes: Record<string, unknown>;
}

export interface IssueTokenOptions {
  kind: 'access' | 'refresh';
  prefix: string;
  clientId: string;
  subject: string;
  scopes: string[];
  familyId?: string;
  lifetimeSeconds?: number;
  parent?: string;
  attributes?: Record<string, unknown>;
}

/**
 * Every token a simulator has issued. Vendor rules (rotation, grace periods, what revoking
 * one token does to others) live in each simulator; this only keeps the facts.
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private families = 0;

  constructor(private readonly clock: Clock) {}

  issue(options: IssueTokenOptions): TokenRecord {
    const now = this.clock.now();
    const record: TokenRecord = {
      token: randomToken(options.prefix),
      kind: options.kind,
      clientId: options.clientId,
      subject: options.subject,
      scopes: [...options.scopes],
      familyId: options.familyId ?? `family-${++this.families}`,
      issuedAt: now,
      expiresAt: options.lifetimeSeconds !== undefined ? now + options.lifetimeSeconds * 1000 : undefined,
      parent: options.parent,
      attributes: { ...(options.attributes ?? {}) },
    };
    this.tokens.set(record.token, record);
    return record;
  }

  get(token: string | undefined): TokenRecord | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  check(token: string | undefined): { status: TokenStatus; record?: TokenRecord } {
    const record = this.get(token);
    if (!record) return { status: 'unknown' };
    if (record.revokedAt !== undefined) return { status: 'revoked', record };
    if (record.expiresAt !== undefined && this.clock.now() >= record.expiresAt) return { status: 'expired', record };
    return { status: 'valid', record };
  }

  revoke(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.revokedAt ??= this.clock.now();
    return true;
  }

  /** Revokes every token of a family: what breach detection does on refresh-token reuse. */
  revokeFamily(familyId: string): number {
    let count = 0;
    for (const record of this.tokens.values()) {
      if (record.familyId === familyId && record.revokedAt === undefined) {
        record.revokedAt = this.clock.now();
        count += 1;
      }
    }
    return count;
  }

  /** Revokes the access tokens a refresh token minted (Salesforce revoke semantics). */
  revokeChildren(refreshToken: string): void {
    for (const record of this.tokens.values()) if (record.parent === refreshToken) record.revokedAt ??= this.clock.now();
  }

  /** Makes a token (or every access token when none is named) expire now. */
  expire(token?: string): number {
    const now = this.clock.now();
    let count = 0;
    for (const record of this.tokens.values()) {
      if (token ? record.token === token : record.kind === 'access') {
        record.expiresAt = now;
        count += 1;
      }
    }
    return count;
  }

  /** Revokes a token, or every token when none is named. */
  revokeAll(token?: string): number {
    if (token) return this.revoke(token) ? 1 : 0;
    let count = 0;
    for (const record of this.tokens.values()) {
      record.revokedAt ??= this.clock.now();
      count += 1;
    }
    return count;
  }
}
