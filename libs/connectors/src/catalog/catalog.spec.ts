import { isDeclaredHost } from '../definition/hosts';
import { catalog, providerDefinitions } from './index';
import { toToolDescriptor } from './tool-descriptor';

describe('the shipped catalog', () => {
  it('offers the 36 providers the product promises, the first five with typed actions', () => {
    expect(providerDefinitions.map((provider) => provider.id)).toEqual([
      'slack',
      'jira',
      'salesforce',
      'contentful',
      'github',
      'confluence',
      'gitlab',
      'bitbucket',
      'netsuite',
      'zendesk',
      'servicenow',
      'intercom',
      'pagerduty',
      'datadog',
      'hubspot',
      'outreach',
      'pipedrive',
      'stripe',
      'quickbooks',
      'google_analytics',
      'mixpanel',
      'segment',
      'notion',
      'sharepoint',
      'google_drive',
      'linear',
      'asana',
      'monday',
      'microsoft_teams',
      'workday',
      'bamboohr',
      'jenkins',
      'circleci',
      'snowflake',
      'bigquery',
      'postgresql',
    ]);
  });

  it('gives every provider with typed actions at least one destructive action', () => {
    for (const provider of providerDefinitions.filter((candidate) => candidate.actions.length > 0)) {
      expect(provider.actions.some((action) => action.sideEffect === 'destructive' && action.hints.destructive)).toBe(true);
    }
  });

  it('finds an action by its tool name', () => {
    expect(catalog.findAction('jira.transition_issue')?.provider.id).toBe('jira');
    expect(catalog.findAction('jira.nope')).toBeUndefined();
  });

  it('describes each action as a tool with MCP annotations and error guidance', () => {
    const tool = toToolDescriptor(catalog.findAction('github.delete_file')!.action);
    expect(tool).toMatchObject({ name: 'github.delete_file', sideEffect: 'destructive', annotations: { destructiveHint: true, readOnlyHint: false } });
    expect(tool.description).toContain('When to use:');
    expect(tool.description).toContain('- upstream_conflict:');
    expect(tool.description).toContain('This action is irreversible.');
  });

  it('declares the hosts its connections may call', () => {
    const salesforce = catalog.provider('salesforce')!.hosts;
    expect(isDeclaredHost(salesforce, 'acme.my.salesforce.com')).toBe(true);
    expect(isDeclaredHost(salesforce, 'my.salesforce.com.evil.example')).toBe(false);
    expect(isDeclaredHost(catalog.provider('github')!.hosts, 'api.github.com')).toBe(true);
  });
});
