import { vendorMessage, WEBHOOK_PROVIDERS, webhookProviderFor } from './webhook-providers';

const { github, stripe, jira, contentful } = WEBHOOK_PROVIDERS as Required<typeof WEBHOOK_PROVIDERS>;

describe('webhook providers', () => {
  it('registers only with credentials that can: Jira API tokens, Contentful management tokens; never Slack', () => {
    expect(webhookProviderFor({ provider: 'jira', authMode: 'api_token' })).toBe(jira);
    expect(webhookProviderFor({ provider: 'jira', authMode: 'oauth2' })).toBeUndefined();
    expect(webhookProviderFor({ provider: 'contentful', authMode: 'personal_access_token' })).toBe(contentful);
    expect(webhookProviderFor({ provider: 'contentful', authMode: 'delivery_api_key' })).toBeUndefined();
    expect(webhookProviderFor({ provider: 'github', authMode: 'oauth2' })).toBe(github);
    expect(webhookProviderFor({ provider: 'slack', authMode: 'oauth2' })).toBeUndefined();
  });

  it('accepts a GitHub repository as owner/repo only, so nothing else reaches the path', () => {
    const pattern = github!.target!.pattern;
    expect(pattern.test('causeway-demo/api')).toBe(true);
    for (const bad of ['causeway-demo', 'a/b/c', '../hooks', 'owner/re po', 'owner/repo?x=1']) expect(pattern.test(bad)).toBe(false);
  });

  it("reads the hook id where each vendor puts it, and Stripe's secret only when it is a whsec_", () => {
    expect(github!.created({ id: 12345678, name: 'web' })).toEqual({ hookId: '12345678' });
    expect(github!.created({ message: 'Not Found' })).toBeUndefined();
    expect(stripe!.created({ id: 'we_1', secret: 'whsec_abc' })).toEqual({ hookId: 'we_1', secret: 'whsec_abc' });
    expect(stripe!.created({ id: 'we_1' })).toBeUndefined();
    expect(jira!.created({ self: 'https://acme.atlassian.net/rest/webhooks/1.0/webhook/17' })).toEqual({ hookId: '17' });
    expect(contentful!.created({ sys: { id: '5KPW3HoFPIy35O6KwbPwkm', type: 'WebhookDefinition' } })).toEqual({ hookId: '5KPW3HoFPIy35O6KwbPwkm' });
  });

  it("sends Stripe's body form-encoded and the others' as JSON, with the secret where the vendor expects it", () => {
    const args = { url: 'https://events.example/v1/webhooks/t/c', secret: 's3cret', target: 'sim0space001' };
    expect(stripe!.create({ ...args, secret: undefined, target: undefined }).form).toMatchObject({ url: args.url, 'enabled_events[0]': '*' });
    expect(github!.create({ ...args, target: 'acme/api' })).toMatchObject({
      path: 'repos/acme/api/hooks',
      json: { config: { url: args.url, secret: 's3cret', content_type: 'json' } },
    });
    expect(jira!.create(args).json).toMatchObject({ url: args.url, secret: 's3cret' });
    expect(contentful!.configure!(args)).toEqual([{ method: 'PUT', path: 'spaces/sim0space001/webhook_settings/signing_secret', json: { value: 's3cret' } }]);
  });

  it("reads each vendor's refusal the way it shapes it", () => {
    expect(
      vendorMessage({ message: 'Validation Failed', errors: [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }] }),
    ).toBe('Validation Failed: Hook already exists on this repository');
    expect(vendorMessage({ error: { type: 'invalid_request_error', message: 'Missing required param: url.' } })).toBe('Missing required param: url.');
    expect(vendorMessage({ errorMessages: ['Only Jira administrators can manage webhooks.'], errors: {} })).toBe(
      'Only Jira administrators can manage webhooks.',
    );
    expect(vendorMessage('<html>')).toBeUndefined();
  });
});
