export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** Asks the outbox relay to publish now rather than at its next poll. */
export const OUTBOX_NUDGE = Symbol('OUTBOX_NUDGE');
/** Server-side pepper of API key hashes (Buffer). */
export const API_KEY_PEPPER = Symbol('API_KEY_PEPPER');
export const ACCESS_TOKENS = Symbol('ACCESS_TOKENS');
export const CONTROL_PLANE_SETTINGS = Symbol('CONTROL_PLANE_SETTINGS');
/** The SecretStore port (Vault or the local encrypted store). */
export const SECRET_STORE = Symbol('SECRET_STORE');
