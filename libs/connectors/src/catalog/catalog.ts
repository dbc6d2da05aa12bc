import type { ActionDefinition } from '../definition/action';
import type { ProviderDefinition } from '../definition/provider';

export interface CatalogEntry {
  provider: ProviderDefinition;
  action: ActionDefinition;
}

/** The set of providers the platform offers, with lookup by action id (the tool name). */
export interface Catalog {
  readonly providers: ReadonlyArray<ProviderDefinition>;
  provider(id: string): ProviderDefinition | undefined;
  findAction(actionId: string): CatalogEntry | undefined;
  listActions(): CatalogEntry[];
}

export function createCatalog(providers: ReadonlyArray<ProviderDefinition>): Catalog {
  const byProvider = new Map(providers.map((provider) => [provider.id, provider]));
  const byAction = new Map<string, CatalogEntry>();
  for (const provider of providers) {
    for (const action of provider.actions) byAction.set(action.id, { provider, action });
  }
  return {
    providers,
    provider: (id) => byProvider.get(id),
    findAction: (actionId) => byAction.get(actionId),
    listActions: () => [...byAction.values()],
  };
}
