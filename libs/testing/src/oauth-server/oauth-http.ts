import type { ClientCredentials, OAuthErrorResponse, OAuthResult } from './types';

/**
 * POSTs a form to a token-style endpoint with client authentication (RFC 6749 §2.3.1) and
 * returns the outcome whole. Never throws for an OAuth error: tests assert on those.
 */
export async function postForm<T>(url: string, params: Record<string, string | undefined>, client?: ClientCredentials): Promise<OAuthResult<T>> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) body.set(key, value);

  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (client) authenticate(client, body, headers);

  const response = await fetch(url, { method: 'POST', headers, body });
  const parsed = parseBody(await response.text());

  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  return { ok: false, status: response.status, body: asOAuthError(parsed, response.status) };
}

function authenticate(client: ClientCredentials, body: URLSearchParams, headers: Record<string, string>): void {
  const method = client.method ?? (client.clientSecret === undefined ? 'none' : 'client_secret_basic');
  switch (method) {
    case 'client_secret_basic': {
      // RFC 6749 §2.3.1: id and secret are form-encoded before being joined and base64-encoded.
      const credentials = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      break;
    }
    case 'client_secret_post':
      body.set('client_id', client.clientId);
      body.set('client_secret', client.clientSecret ?? '');
      break;
    case 'none':
      body.set('client_id', client.clientId);
      break;
  }
}

// Revocation answers 200 with an empty body (RFC 7009 §2.2).
function parseBody(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return { error: 'non_json_response', error_description: text.slice(0, 500) };
  }
}

function asOAuthError(parsed: unknown, status: number): OAuthErrorResponse {
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string') {
    return parsed as OAuthErrorResponse;
  }
  return {
    error: 'unexpected_response',
    error_description: `HTTP ${status}: ${JSON.stringify(parsed)}`,
  };
}
