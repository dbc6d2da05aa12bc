import { catalog } from '@causeway/connectors';
import { ConnectionsError } from './connections.errors';
import { consentModeOf } from './provider-modes';

describe('consentModeOf', () => {
  it('returns a vendor-wide OAuth mode as before', () => {
    expect(consentModeOf(catalog.provider('slack')!, null).id).toBe('oauth2');
    expect(consentModeOf(catalog.provider('github')!, 'oauth2').id).toBe('oauth2');
  });

  it('refuses, by name and with the alternatives, a consent whose authorization server is per tenant', () => {
    const attempt = () => consentModeOf(catalog.provider('zendesk')!, 'oauth2');
    expect(attempt).toThrow(ConnectionsError);
    expect(attempt).toThrow(
      /per-tenant authorization server \(https:\/\/\{subdomain\}\.zendesk\.com\/oauth\/authorizations\/new\).*use createConnection with api_token/,
    );
  });

  it('names no alternative when the provider has no pasted-credential mode (Microsoft Graph)', () => {
    expect(() => consentModeOf(catalog.provider('sharepoint')!, null)).toThrow(/\{tenant\}.*not available yet$/);
  });

  it("does not mistake GitHub's {client_id} revocation path for a per-tenant endpoint", () => {
    expect(() => consentModeOf(catalog.provider('github')!, null)).not.toThrow();
  });
});
