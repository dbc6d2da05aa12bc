import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { change, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import { listableTools } from '../tools/tool-access';
import { callDeniedBy } from './call-permission';

function setup(policy?: Record<string, unknown>) {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  if (policy) view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active', policy }), 'stream');
  const auth = new ApiKeyAuthenticator(view, pepper);
  return { view, acme, principal: () => auth.authenticate(acme.bearer) };
}

const tools = ['slack.post_message', 'slack.delete_message', 'jira.create_issue', 'jira.delete_issue'].map((name) => ({ name }));

describe("the tenant's access policy as a permission layer", () => {
  it('denies nothing by default', () => {
    const { principal } = setup();
    expect(callDeniedBy(principal(), 'slack.delete_message')).toBeNull();
    expect(listableTools(principal(), tools)?.map((t) => t.name)).toEqual(tools.map((t) => t.name));
  });

  it('refuses a denied tool or connector first, whatever the key holds, and hides it from the tool list', () => {
    const { principal } = setup({ deniedTools: ['slack.delete_message', 'jira.*'] });
    expect(callDeniedBy(principal(), 'slack.delete_message')).toBe('tenant_policy');
    expect(callDeniedBy(principal(), 'jira.create_issue')).toBe('tenant_policy');
    expect(callDeniedBy(principal(), 'slack.post_message')).toBeNull();
    expect(listableTools(principal(), tools)?.map((t) => t.name)).toEqual(['slack.post_message']);
  });

  it('applies a changed policy on the next call', () => {
    const { view, acme, principal } = setup({ deniedTools: ['slack.*'] });
    expect(callDeniedBy(principal(), 'slack.post_message')).toBe('tenant_policy');
    view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active', policy: {} }), 'stream');
    expect(callDeniedBy(principal(), 'slack.post_message')).toBeNull();
  });

  it('ignores a tenant record whose policy is malformed, keeping the last good one', () => {
    const { view, acme, principal } = setup({ deniedTools: ['slack.*'] });
    view.apply(
      change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active', policy: { deniedTools: ['not a tool'] } }),
      'stream',
    );
    expect(callDeniedBy(principal(), 'slack.post_message')).toBe('tenant_policy');
  });
});
