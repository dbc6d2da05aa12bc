import { OidcError, OidcErrorCode } from './oidc.errors';

/** Discovery documents and token responses are small; anything bigger is not one. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ProviderResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was not JSON. */
  json: unknown;
}

/**
 * One call to an identity provider: bounded in time and size, no redirects followed (a
 * provider endpoint that redirects is misconfigured, and following would send our client
 * credentials elsewhere). `what` names the call in error messages.
 */
export async function callProvider(what: string, url: string, init: RequestInit, timeoutMs: number): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new OidcError(OidcErrorCode.ProviderUnreachable, `identity provider's ${what} ${timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached'}`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's ${what} answered with a redirect (HTTP ${response.status})`);
  }
  const text = await readLimited(response, what);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

async function readLimited(response: Response, what: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's ${what} answered more than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
