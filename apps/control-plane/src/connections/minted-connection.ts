import type { StoredCredential } from '@causeway/contracts';
import { mintAccessToken, type HttpTransport, type MintingMode, type ProviderDefinition } from '@causeway/connectors';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';
import { credentialFromKeyFile } from './service-account-key';
import { checkedModeParams, tenantEndpoint } from './tenant-params';
import { verifiedParams } from './verified-params';

/** What an admin gives to connect with a client-credentials or JWT-bearer mode. */
export interface MintingInput {
  clientId?: string | null;
  clientSecret?: string | null;
  privateKey?: string | null;
  keyId?: string | null;
  /** JWT-bearer modes: a Google JSON key file, instead of clientId, privateKey and keyId. */
  serviceAccountKey?: string | null;
  subject?: string | null;
  scopes?: string[] | null;
  params?: Record<string, string> | null;
}

export interface MintedConnection {
  credential: Extract<StoredCredential, { kind: 'minted' }>;
  params: Record<string, string>;
  scopes: string[];
  expiresAt: Date | null;
}

/**
 * Connecting with a minting mode mints the first access token at once: that proves the client
 * secret or key works before anything is stored, and the answer may carry connection
 * parameters (Salesforce `instance_url`). The token endpoint is filled with the admin's
 * parameters and host-checked, and stored with the credential so the data plane mints again
 * at the same place. `tokenUrlReplacement` is the operator's (simulators), already allowed.
 */
export async function mintAtConnect(
  provider: ProviderDefinition,
  mode: MintingMode,
  input: MintingInput,
  tokenUrlReplacement: string | undefined,
  transportFor: (tokenUrl: string) => HttpTransport,
  operatorAllowedUrls: string[],
): Promise<MintedConnection> {
  input = withKeyFile(mode, input);
  if (!input.clientId) throw invalid('clientId', `clientId is required for ${mode.id}`);
  if (mode.type === 'oauth2_client_credentials' && !input.clientSecret) throw invalid('clientSecret', `clientSecret is required for ${mode.id}`);
  if (mode.type === 'oauth2_jwt_bearer') {
    if (!input.privateKey) throw invalid('privateKey', `privateKey is required for ${mode.id}`);
    if (mode.assertion.subject === 'username' && !input.subject) throw invalid('subject', `subject (the username to act as) is required for ${mode.id}`);
  }
  const params = checkedModeParams(provider, mode, input.params ?? {});
  const tokenUrl = tenantEndpoint(provider, tokenUrlReplacement ?? mode.tokenUrl, params, tokenUrlReplacement !== undefined);
  const material = {
    clientId: input.clientId,
    clientSecret: input.clientSecret ?? undefined,
    privateKey: input.privateKey ?? undefined,
    keyId: input.keyId ?? undefined,
    subject: input.subject ?? undefined,
    scopes: input.scopes ?? undefined,
  };
  const minted = await mintAccessToken(mode, material, tokenUrl, { transport: transportFor(tokenUrl) });
  if (!minted.ok) {
    const field = minted.error.field ?? (mode.type === 'oauth2_jwt_bearer' ? 'privateKey' : 'clientSecret');
    if (minted.error.code === 'invalid_input') throw invalid(field, minted.error.message);
    throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `${provider.id} refused to issue a token: ${minted.error.message}`.slice(0, 400), field);
  }
  const tokens = minted.value;
  const learned = verifiedParams(provider, tokens.connectionParams, [...operatorAllowedUrls, ...(tokenUrlReplacement ? [tokenUrlReplacement] : [])]);
  const expiresAt = tokens.expiresAt ? new Date(tokens.expiresAt) : null;
  return {
    params: { ...learned, ...params },
    scopes: tokens.scopes ?? material.scopes ?? [],
    expiresAt,
    credential: {
      kind: 'minted',
      authMode: mode.id,
      tokenUrl,
      ...material,
      scopes: material.scopes?.join(' '),
      accessToken: tokens.accessToken,
      expiresAt: expiresAt?.toISOString(),
      mintedAt: new Date().toISOString(),
    },
  };
}

/** The key file's fields in place of the ones it carries; given both ways, the input is ambiguous and refused. */
function withKeyFile(mode: MintingMode, input: MintingInput): MintingInput {
  if (!input.serviceAccountKey) return input;
  if (mode.type !== 'oauth2_jwt_bearer') throw invalid('serviceAccountKey', `serviceAccountKey is for JWT-bearer modes, not ${mode.id}`);
  const both = (['clientId', 'privateKey', 'keyId'] as const).find((field) => input[field]);
  if (both) throw invalid('serviceAccountKey', `give either serviceAccountKey or ${both}, not both: the key file carries it`);
  return { ...input, ...credentialFromKeyFile(input.serviceAccountKey) };
}

const invalid = (field: string, message: string) => new ConnectionsError(ConnectionsErrorCode.InvalidInput, message, field);
