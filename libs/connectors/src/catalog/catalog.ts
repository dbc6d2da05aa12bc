import type { ActionDefinition } from '../definition/action';
import type { DatabaseActionDefinition } from '../definition/database';
import type { ProviderDefinition } from '../definition/provider';

/** A tool: an HTTP action run by the connector engine, or a database action run by the driver. */
export type CatalogAction = ActionDefinition | DatabaseActionDefinition;

export interface CatalogEntry {
  provider: ProviderDefinition;
  action: CatalogAction;
}

export function isDatabaseAction(action: CatalogAction): action is DatabaseActionDefinition {
  return 'database' in action;
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
    for (const action of [...provider.actions, ...(provider.database?.actions ?? [])]) byAction.set(action.id, { provider, action });
  }
  return {
    providers,
    provider: (id) => byProvider.get(id),
    findAction: (actionId) => byAction.get(actionId),
    listActions: () => [...byAction.values()],
  };
}
