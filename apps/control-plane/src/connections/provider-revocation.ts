import { catalog, GENERIC_OAUTH2_PROVIDER_ID, revokeGrant, type HttpTransport } from '@causeway/connectors';
import type { SecretStore } from '@causeway/secrets';
import type { Connection } from './connection.entity';
import { readCredential, readOAuthClient } from './stored-secrets';

/** What happened to the grant at the provider when a connection was deleted (kept in the audit trail). */
export type ProviderRevocation =
  | { outcome: 'revoked'; token: 'refresh_token' | 'access_token' }
  | { outcome: 'failed'; reason: string }
  /** The vendor has no revocation API (Jira): the user revokes in its settings. */
  | { outcome: 'not_offered'; reason: string }
  /** A pasted key or password: Causeway did not issue it and cannot end it. */
  | { outcome: 'not_applicable' };

const REVOKE_TIMEOUT_MS = 5_000;

/**
 * Ends a deleted connection's grant at the provider, best effort: the caller deletes the
 * connection whatever this returns, so a provider that is down cannot keep a credential alive
 * in Causeway. Reasons are built from the provider's error code and description with every
 * secret involved cut out, so they are safe for the audit trail and the log.
 */
export async function revokeAtProvider(store: SecretStore, connection: Connection, through: HttpTransport): Promise<ProviderRevocation> {
  const transport = withTimeout(through, REVOKE_TIMEOUT_MS);
  const mode = catalog.provider(connection.provider)?.authModes.find((m) => m.id === connection.authMode);
  if (mode?.type !== 'oauth2_authorization_code' && mode?.type !== 'oauth2_implicit') return { outcome: 'not_applicable' };
  const notOffered = {
    outcome: 'not_offered',
    reason: `${mode.label} offers no revocation endpoint; the user revokes access in the vendor's settings`,
  } as const;
  if (!mode.revokeRequest || !mode.revokeUrl) return notOffered;
  const credential = await readCredential(store, connection.tenantId, connection.id).catch(() => null);
  if (!credential || credential.kind !== 'token') return { outcome: 'failed', reason: 'no stored credential to revoke' };
  const client = await readOAuthClient(store, connection.tenantId, connection.provider).catch(() => null);
  if (!client) return { outcome: 'failed', reason: `the tenant's ${connection.provider} OAuth app is gone, so the grant cannot be revoked` };
  // A generic server's endpoints are the tenant's own: without one in its metadata, there is none.
  if (connection.provider === GENERIC_OAUTH2_PROVIDER_ID && !client.revokeUrl) return notOffered;

  const result = await revokeGrant(
    mode,
    client,
    { accessToken: credential.accessToken, refreshToken: credential.refreshToken },
    { transport, endpoints: { revokeUrl: client.revokeUrl } },
  );
  if (result.ok) return { outcome: 'revoked', token: result.value.revoked };
  const secrets = [credential.accessToken, credential.refreshToken, credential.previousRefreshToken, client.clientSecret];
  return { outcome: 'failed', reason: redact(`${result.error.code}: ${result.error.message}`, secrets).slice(0, 300) };
}

function withTimeout(transport: HttpTransport, ms: number): HttpTransport {
  return (request) => transport({ ...request, signal: request.signal ?? AbortSignal.timeout(ms) });
}

/** Providers sometimes echo what they were sent; none of it may reach the audit trail. */
function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text);
}
