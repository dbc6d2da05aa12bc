import { OidcError, OidcErrorCode } from './oidc.errors';

const ORIGIN = 'http://return-to.invalid';

/**
 * Where the browser goes after sign-in: a path on this server, never another site (an open
 * redirect would turn our sign-in link into a phishing tool).
 */
export function parseReturnTo(value: unknown, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  const problem = () => new OidcError(OidcErrorCode.InvalidInput, 'redirect: must be a path on this server, like /graphql', 'redirect');
  if (typeof value !== 'string' || value.length > 512 || !value.startsWith('/') || /[\\\s]/.test(value)) throw problem();
  const url = new URL(value, ORIGIN);
  if (url.origin !== ORIGIN) throw problem();
  return `${url.pathname}${url.search}${url.hash}`;
}
