import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog, type ProviderDefinition } from '@causeway/connectors';
import { TenantCatalogs } from './tenant-catalogs';

const generated = JSON.parse(
  readFileSync(join(__dirname, '../../../../libs/connectors/src/importer/specs/listennotes/generated.json'), 'utf8'),
) as ProviderDefinition;

/** The committed Listen Notes definition, renamed into a tenant namespace as an upload would be. */
function tenantDefinition(providerId: string, keep = generated.actions.length): ProviderDefinition {
  return {
    ...generated,
    id: providerId,
    actions: generated.actions.slice(0, keep).map((action) => ({ ...action, id: action.id.replace(/^listennotes\./, `${providerId}.`) })),
  };
}

const upsert = (tenantId: string, entityId: string, definition: ProviderDefinition, version = 1) => ({
  tenantId,
  entityId,
  op: 'upsert' as const,
  data: { providerId: definition.id, version, definition: definition as unknown as Record<string, unknown> },
});

describe('TenantCatalogs', () => {
  it('adds a tenant connector to that tenant only, beside the built-ins', () => {
    const catalogs = new TenantCatalogs();
    expect(catalogs.apply(upsert('tenant-a', 'c1', tenantDefinition('t_podcasts')), 'stream')).toBe('applied');

    const a = catalogs.catalogFor('tenant-a');
    expect(a.findAction('t_podcasts.list_playlists')?.provider.id).toBe('t_podcasts');
    expect(a.findAction('slack.post_message')).toBe(catalog.findAction('slack.post_message'));
    expect(a.listActions().map((found) => found.action.id)).toContain('t_podcasts.list_playlists');

    expect(catalogs.catalogFor('tenant-b')).toBe(catalog);
    expect(catalogs.catalogFor('tenant-b').findAction('t_podcasts.list_playlists')).toBeUndefined();
  });

  it('follows the active version: a new definition replaces the tools, a delete removes them', () => {
    const catalogs = new TenantCatalogs();
    catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts')), 'stream');
    catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts', 2), 2), 'stream');
    expect(catalogs.catalogFor('t').provider('t_podcasts')?.actions).toHaveLength(2);
    catalogs.apply({ tenantId: 't', entityId: 'c1', op: 'delete', data: null }, 'stream');
    expect(catalogs.catalogFor('t').provider('t_podcasts')).toBeUndefined();
    expect(catalogs.catalogFor('t')).toBe(catalog);
    expect(catalogs.size).toBe(0);
  });

  it('keeps one copy of the definitions per tenant, shared by every listing and call', () => {
    const catalogs = new TenantCatalogs();
    catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts')), 'stream');
    expect(catalogs.catalogFor('t')).toBe(catalogs.catalogFor('t'));
  });

  it('refuses a definition outside the tenant namespace, so the stream cannot put a tool under a built-in name', () => {
    const catalogs = new TenantCatalogs();
    const slack = catalog.provider('slack')!;
    expect(catalogs.apply(upsert('t', 'c1', { ...slack, id: 'slack' }), 'stream')).toBe('invalid');
    const smuggled = tenantDefinition('t_podcasts');
    smuggled.actions[0] = { ...smuggled.actions[0]!, id: 'slack.post_message' };
    expect(catalogs.apply(upsert('t', 'c1', smuggled), 'stream')).toBe('invalid');
    expect(catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts')), 'stream')).toBe('applied');
    expect(catalogs.catalogFor('t').findAction('slack.post_message')?.provider).toBe(slack);
  });

  it('lets the stream win over a start-up snapshot that arrives later', () => {
    const catalogs = new TenantCatalogs();
    catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts', 2), 2), 'stream');
    expect(catalogs.apply(upsert('t', 'c1', tenantDefinition('t_podcasts'), 1), 'snapshot')).toBe('stale');
    expect(catalogs.catalogFor('t').provider('t_podcasts')?.actions).toHaveLength(2);
  });
});
