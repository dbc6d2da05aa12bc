import { isDeclaredHost } from '../definition/hosts';
import { catalog, providerDefinitions } from './index';
import { toToolDescriptor } from './tool-descriptor';

describe('the shipped catalog', () => {
  it('offers the five providers, each with at least one destructive action', () => {
    expect(providerDefinitions.map((provider) => provider.id)).toEqual(['slack', 'jira', 'salesforce', 'contentful', 'github']);
    for (const provider of providerDefinitions) {
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
