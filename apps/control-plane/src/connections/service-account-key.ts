import { z } from 'zod';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';

/**
 * The fields of a Google service account's JSON key file (as the Cloud console downloads it)
 * that minting needs; the file's other fields (project, token and certificate URLs) are not
 * used: the token endpoint is the provider's, and hosts are not taken from an uploaded file.
 */
const keyFileSchema = z.object({
  type: z.literal('service_account', { error: 'type must be "service_account"' }),
  client_email: z.email({ error: 'client_email must be the service account email' }).max(320),
  private_key: z.string().min(1).max(16_384).startsWith('-----BEGIN PRIVATE KEY-----', { error: 'private_key must be a PKCS #8 PEM key' }),
  private_key_id: z.string().min(1).max(200),
});

export interface KeyFileCredential {
  clientId: string;
  privateKey: string;
  keyId: string;
}

/**
 * A Google JSON key file, read into the JWT-bearer mode's fields: `client_email` is the client
 * id, `private_key` signs the assertions, `private_key_id` is their `kid`. A 400 names what is
 * wrong with the file and never echoes its contents, which hold the private key.
 */
export function credentialFromKeyFile(file: string): KeyFileCredential {
  let json: unknown;
  try {
    json = JSON.parse(file);
  } catch {
    throw invalid('is not JSON: paste the whole key file');
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw invalid(`${where}${issue.code === 'invalid_type' ? 'is missing or not a string' : issue.message}`);
  }
  return { clientId: parsed.data.client_email, privateKey: parsed.data.private_key, keyId: parsed.data.private_key_id };
}

const invalid = (message: string) => new ConnectionsError(ConnectionsErrorCode.InvalidInput, `serviceAccountKey ${message}`, 'serviceAccountKey');
