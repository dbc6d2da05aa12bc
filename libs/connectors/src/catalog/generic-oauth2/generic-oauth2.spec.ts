import { z } from 'zod';
import { providerDefinitionSchema } from '../../definition/provider';
import { catalog, providerDefinitions } from '../index';
import { GENERIC_OAUTH2_PROVIDER_ID, genericOAuth2 } from './generic-oauth2.definition';

describe('the generic OAuth 2.0 provider', () => {
  it('is a valid provider definition that, on purpose, has no actions', () => {
    const authOnly = providerDefinitionSchema.extend({ actions: z.array(z.never()).max(0) });
    expect(authOnly.safeParse(genericOAuth2).error?.issues ?? []).toEqual([]);
  });

  it('is found by the connection code but lists no tools', () => {
    expect(catalog.provider(GENERIC_OAUTH2_PROVIDER_ID)).toBe(genericOAuth2);
    expect(catalog.listActions().some((entry) => entry.provider.id === GENERIC_OAUTH2_PROVIDER_ID)).toBe(false);
    expect(providerDefinitions).not.toContain(genericOAuth2);
  });

  it('requires PKCE and revokes per RFC 7009', () => {
    const [mode] = genericOAuth2.authModes;
    expect(mode).toMatchObject({ type: 'oauth2_authorization_code', pkce: 'required', revokeRequest: { method: 'POST', tokenParam: 'token' } });
  });

  it('calls only the host of the connection API base URL: no host is declared', () => {
    expect(genericOAuth2.hosts).toEqual(['generic-oauth2.invalid']);
    expect(genericOAuth2.servers['default'].url).toBe('{apiBaseUrl}');
  });
});
