import { EGRESS_REFUSED_MESSAGE, EgressRefusedError, EgressTimeoutError, ResponseTooLargeError, type EgressGuard } from '@causeway/egress';
import { OidcError, OidcErrorCode } from './oidc.errors';

/** Discovery documents, key sets and token responses are small; anything bigger is not one. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ProviderResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was not JSON. */
  json: unknown;
}

export interface ProviderRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One call to an identity provider, through the egress guard like every outbound request: an
 * admin typing an issuer can aim it anywhere, so private and loopback addresses are refused
 * unless the operator allows them, every address is judged at connect time (no DNS rebinding),
 * and a refusal reads the same whether anything listens there or not. Bounded in time and
 * size; no redirects followed (a provider endpoint that redirects is misconfigured, and
 * following would send our client credentials elsewhere). `what` names the call in errors.
 */
export async function callProvider(egress: EgressGuard, what: string, url: string, init: ProviderRequest, timeoutMs: number): Promise<ProviderResponse> {
  let response;
  try {
    // The URL's own host is the declared one: the admin configured it, the guard judges where it points.
    response = await egress.fetch(
      url,
      { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'manual', deadlineMs: timeoutMs, maxResponseBytes: MAX_BODY_BYTES },
      { declaredHosts: [new URL(url).hostname] },
    );
  } catch (error) {
    throw providerFailure(what, error, timeoutMs);
  }
  if (response.status >= 300 && response.status < 400) {
    throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's ${what} answered with a redirect (HTTP ${response.status})`);
  }
  const text = response.body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

function providerFailure(what: string, error: unknown, timeoutMs: number): OidcError {
  if (error instanceof EgressRefusedError) {
    // The tenant's configuration points somewhere the operator does not allow; say no more.
    return new OidcError(OidcErrorCode.Misconfigured, `identity provider's ${what}: ${EGRESS_REFUSED_MESSAGE}`);
  }
  if (error instanceof ResponseTooLargeError) {
    return new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's ${what} answered more than ${MAX_BODY_BYTES} bytes`);
  }
  if (error instanceof EgressTimeoutError) {
    return new OidcError(OidcErrorCode.ProviderUnreachable, `identity provider's ${what} did not answer within ${timeoutMs} ms`);
  }
  if (error instanceof TypeError) {
    // new URL() on a value that passed input validation earlier; treat as configuration.
    return new OidcError(OidcErrorCode.Misconfigured, `identity provider's ${what} URL is not valid`);
  }
  return new OidcError(OidcErrorCode.ProviderUnreachable, `identity provider's ${what} could not be reached`);
}
