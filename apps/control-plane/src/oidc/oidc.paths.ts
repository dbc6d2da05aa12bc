/** The browser-facing routes of OIDC sign-in; also what admins register at their provider. */
export const OIDC_ROUTE_PREFIX = '/auth/oidc';
export const CALLBACK_PATH = `${OIDC_ROUTE_PREFIX}/callback`;
export const signInPath = (tenantSlug: string) => `${OIDC_ROUTE_PREFIX}/${tenantSlug}/start`;

/** Absolute URLs from the control plane's public URL (as connections build theirs). */
export const callbackUrl = (publicUrl: string) => new URL(CALLBACK_PATH, publicUrl).toString();
export const signInUrl = (publicUrl: string, tenantSlug: string) => new URL(signInPath(tenantSlug), publicUrl).toString();
