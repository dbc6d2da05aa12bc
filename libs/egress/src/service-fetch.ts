/**
 * The door for requests to Causeway's own services and the operator's infrastructure
 * (`CONTROL_PLANE_URL`, `AUDIT_URL`, `DATA_PLANE_URL`, the embedded default's own simulators):
 * destinations that come from the operator's configuration, never from a tenant or an agent.
 * Anything a tenant or an agent can aim (an issuer, a server override, a webhook or callback
 * URL) goes through `EgressGuard.fetch` instead.
 *
 * It lives here so that every outbound request of the code base is in this library, where
 * the lint rule that bans `fetch`, `undici` and `node:http(s)` requests elsewhere sends a
 * reviewer. Redirects are not followed (`error` unless the caller asks for `manual`): a
 * configured service that redirects is misconfigured, and following would carry its bearer
 * token to wherever the redirect points.
 */
export function serviceFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  if (init.redirect === 'follow') return Promise.reject(new TypeError('serviceFetch does not follow redirects'));
  return fetch(url, { ...init, redirect: init.redirect ?? 'error' });
}
