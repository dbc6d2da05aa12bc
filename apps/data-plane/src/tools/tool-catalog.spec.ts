import { catalog } from '@causeway/connectors';
import { builtInToolCatalog, toolCatalog } from './tool-catalog';

describe('the tool catalog', () => {
  it('builds the search index once per catalog version, not per request', () => {
    const first = builtInToolCatalog();
    expect(builtInToolCatalog()).toBe(first);
    // The same tools handed over again (as a tenant catalog without own connectors would be) reuse the index.
    expect(toolCatalog(catalog.listActions()).search).toBe(first.search);
    expect(first.search.size).toBe(catalog.listActions().length);
  });

  it('changes version when a tool changes, so cursors and the index follow', () => {
    const entries = catalog.listActions();
    const changed = entries.map((entry, i) => (i === 0 ? { ...entry, action: { ...entry.action, usage: `${entry.action.usage} Changed.` } } : entry));
    const other = toolCatalog(changed);
    expect(other.version).not.toBe(builtInToolCatalog().version);
    expect(other.search).not.toBe(builtInToolCatalog().search);
  });
});
