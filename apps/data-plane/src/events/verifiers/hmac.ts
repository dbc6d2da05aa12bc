import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string | Buffer, data: string | Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

/** Constant-time comparison of two signatures as text; different lengths are simply unequal. */
export function sameSignature(expected: string, presented: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether any secret (current or previous, during a rotation) signs `data` to any presented signature. */
export function anySecretSigns(secrets: readonly string[], presented: readonly string[], sign: (secret: string) => string): boolean {
  return secrets.some((secret) => {
    const expected = sign(secret);
    return presented.some((signature) => sameSignature(expected, signature));
  });
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Seconds or milliseconds since the epoch as an ISO instant; undefined when not a number. */
export function isoFromEpoch(value: unknown, unit: 's' | 'ms'): string | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  return new Date(unit === 's' ? n * 1000 : n).toISOString();
}

/** A vendor name made safe for a CloudEvents type segment. */
export function typeSegment(value: string): string {
  return value.replace(/[^A-Za-z0-9_.:-]+/g, '_');
}
