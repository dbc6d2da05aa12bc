/** Knobs of OIDC sign-in; a token so a composition root or a test module can replace them. */
export const OIDC_SETTINGS = Symbol('OIDC_SETTINGS');

export interface OidcSettings {
  /** How long a started sign-in may take; after that its state is refused. */
  stateTtlMs: number;
  /** Budget of each call to the identity provider (discovery, token endpoint, JWKS). */
  providerTimeoutMs: number;
  /** Epoch milliseconds; every expiry decision reads this clock. */
  now: () => number;
}

export const defaultOidcSettings: OidcSettings = {
  stateTtlMs: 10 * 60_000,
  providerTimeoutMs: 5_000,
  now: () => Date.now(),
};
