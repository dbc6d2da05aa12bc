import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpTransport, UpstreamRequest } from '@causeway/connectors';
import { LocalSecretStore, secretPath } from '@causeway/secrets';
import type { Connection } from './connection.entity';
import { revokeAtProvider } from './provider-revocation';

describe('revoking a deleted connection at its provider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'revocation-spec-'));
  let store: LocalSecretStore;
  const tenantId = '00000000-0000-4000-8000-000000000001';
  const connection = (provider: string, authMode: string, id: string) => ({ id, tenantId, provider, authMode }) as Connection;
  const noCalls: HttpTransport = async (request) => {
    throw new Error(`no call expected, got ${request.url}`);
  };

  beforeAll(async () => {
    store = await LocalSecretStore.open({ dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has nothing to revoke for a pasted token', async () => {
    expect(await revokeAtProvider(store, connection('contentful', 'personal_access_token', 'c1'), noCalls)).toEqual({ outcome: 'not_applicable' });
  });

  it('reports that Jira offers no revocation, without calling anything', async () => {
    expect(await revokeAtProvider(store, connection('jira', 'oauth2', 'c2'), noCalls)).toMatchObject({ outcome: 'not_offered' });
  });

  it('reports not_offered for a generic server whose metadata names no revocation endpoint', async () => {
    await store.write(secretPath.connection(tenantId, 'c3'), { kind: 'token', authMode: 'oauth2', accessToken: 'access-token-c3' });
    await store.write(secretPath.oauthApp(tenantId, 'generic_oauth2'), {
      clientId: 'client',
      clientSecret: 'client-secret-value',
      tokenUrl: 'https://as.example.com/token',
    });
    expect(await revokeAtProvider(store, connection('generic_oauth2', 'oauth2', 'c3'), noCalls)).toMatchObject({ outcome: 'not_offered' });
  });

  it('cuts every token and the client secret out of a refusal the vendor echoed them in', async () => {
    await store.write(secretPath.connection(tenantId, 'c4'), {
      kind: 'token',
      authMode: 'oauth2',
      accessToken: 'access-token-c4',
      refreshToken: 'refresh-token-c4',
    });
    await store.write(secretPath.oauthApp(tenantId, 'salesforce'), {
      clientId: 'client',
      clientSecret: 'client-secret-value',
      revokeUrl: 'https://login.salesforce.com/services/oauth2/revoke',
    });
    const sent: UpstreamRequest[] = [];
    const echoing: HttpTransport = async (request) => {
      sent.push(request);
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'invalid_token', error_description: `unknown token refresh-token-c4 for client-secret-value` }),
      };
    };
    const outcome = await revokeAtProvider(store, connection('salesforce', 'oauth2', 'c4'), echoing);
    expect(outcome).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('invalid_token') });
    expect(JSON.stringify(outcome)).not.toMatch(/refresh-token-c4|client-secret-value|access-token-c4/);
    expect(new URLSearchParams(sent[0].body).get('token')).toBe('refresh-token-c4');
  });
});
