import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { change, keyData, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import { generateApiKey } from '@causeway/authz';
import { authorize } from './authorize';
import { CallError } from './call-error';

function principal(scopes?: string[]) {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  if (!scopes) return new ApiKeyAuthenticator(view, pepper).authenticate(acme.bearer);
  const key = generateApiKey();
  view.apply(change(acme.tenantId, 'api_key', 'narrow-key', keyData(key.secret, key.prefix, { scopes })), 'stream');
  return new ApiKeyAuthenticator(view, pepper).authenticate(`Bearer ${key.key}`);
}

describe('authorize', () => {
  it('answers not_found for a tool the catalog does not have', () => {
    expect(authorize(principal(), 'slack.nope', {}, false)).toMatchObject({ code: 'not_found', extra: { field: 'tool' } });
  });

  it('refuses a key without call:Tool, naming the layer only when asked to explain', () => {
    const quiet = authorize(principal(['read:Tool']), 'slack.post_message', { channel: 'C1', text: 'x' }, false) as CallError;
    expect(quiet).toBeInstanceOf(CallError);
    expect(quiet).toMatchObject({ code: 'forbidden', deniedBy: 'key_scopes', extra: {} });
    const explained = authorize(principal(['read:Tool']), 'slack.post_message', { channel: 'C1', text: 'x' }, true);
    expect(explained).toMatchObject({ code: 'forbidden', extra: { explain: { deniedBy: 'key_scopes' } } });
  });

  it('refuses input the tool does not take, naming the field under input', () => {
    expect(authorize(principal(), 'slack.post_message', { channel: 'C1' }, false)).toMatchObject({
      code: 'invalid_input',
      extra: { field: expect.stringMatching(/^input/) },
    });
  });

  it('gives the catalog entry and the prepared input of an allowed call', () => {
    const ok = authorize(principal(), 'slack.post_message', { channel: 'C1', text: 'x' }, false);
    expect(ok).toMatchObject({ entry: { provider: { id: 'slack' }, action: { id: 'slack.post_message' } }, input: { channel: 'C1', text: 'x' } });
  });
});
