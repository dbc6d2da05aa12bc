import type { ErrorEnvelope, ErrorMapping, ErrorRule } from '../definition/error-mapping';
import { actionError, codeForStatus } from './action-error';
import { readBodyPath, readFirstPath } from './body-path';
import { suggestedWaitMs } from './rate-limit';
import type { ActionError, RateLimitInfo } from './types';

export interface UpstreamFailure {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
}

export interface VendorErrorParts {
  vendorCode?: string;
  message?: string;
  field?: string;
}

const MAX_MESSAGE = 500;

/** True when a 2xx body still reports failure (Slack `ok: false`, GraphQL `errors: [...]`). */
export function isEnvelopeFailure(envelope: ErrorEnvelope, body: unknown): boolean {
  if (envelope.okPath !== undefined && readBodyPath(body, envelope.okPath) === false) return true;
  if (envelope.errorsPath === undefined) return false;
  const errors = readBodyPath(body, envelope.errorsPath);
  return Array.isArray(errors) && errors.length > 0;
}

export function extractVendorError(envelope: ErrorEnvelope, body: unknown): VendorErrorParts {
  if (typeof body === 'string') return { message: body.trim() || undefined };
  const code = readFirstPath(body, envelope.codePaths);
  const message = readFirstPath(body, envelope.messagePaths);
  const field = readFirstPath(body, envelope.fieldPaths);
  return {
    vendorCode: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    field: Array.isArray(field) ? field.join('.') : typeof field === 'string' ? field : undefined,
  };
}

function ruleMatches(rule: ErrorRule, failure: UpstreamFailure, parts: VendorErrorParts): boolean {
  const { when } = rule;
  if (when.status && !when.status.includes(failure.status)) return false;
  if (when.vendorCodes && (!parts.vendorCode || !when.vendorCodes.includes(parts.vendorCode))) return false;
  if (when.messageMatches && !new RegExp(when.messageMatches, 'i').test(parts.message ?? '')) return false;
  if (when.header && failure.headers[when.header.name] !== when.header.equals) return false;
  return true;
}

/**
 * Turns a vendor failure into a contract error. Vendor rules come first (they know that a
 * Salesforce 403 can be a rate limit); the HTTP status decides the rest.
 */
export function normalizeUpstreamError(
  providerName: string,
  mapping: ErrorMapping,
  failure: UpstreamFailure,
  rateLimit: RateLimitInfo | undefined,
  now: number,
): { error: ActionError; rateLimit?: RateLimitInfo } {
  const parts = extractVendorError(mapping.envelope, failure.body);
  const rule = mapping.rules.find((candidate) => ruleMatches(candidate, failure, parts));
  const fallback = codeForStatus(failure.status);
  const code = rule?.code ?? fallback.code;
  const authExpired = rule ? rule.authExpired : fallback.authExpired;

  const isRateLimit = code === 'upstream_rate_limited';
  const limitInfo = isRateLimit ? { ...(rateLimit ?? { limited: true }), limited: true, reason: rateLimit?.reason ?? parts.vendorCode } : rateLimit;
  const wait = suggestedWaitMs(limitInfo, now) ?? (isRateLimit ? rule?.defaultRetryAfterMs : undefined);
  const retryAfterMs = isRateLimit || code === 'upstream_unavailable' ? wait : undefined;

  const detail = parts.message && parts.message !== parts.vendorCode ? parts.message : undefined;
  const said = [parts.vendorCode, detail].filter(Boolean).join(': ') || `HTTP ${failure.status}`;
  const message = `${providerName} refused the call (${said})`.slice(0, MAX_MESSAGE);

  return {
    error: actionError(code, message, {
      upstreamStatus: failure.status,
      retryAfterMs,
      field: parts.field,
      authExpired: authExpired || undefined,
      vendorCode: parts.vendorCode,
    }),
    rateLimit: limitInfo,
  };
}
