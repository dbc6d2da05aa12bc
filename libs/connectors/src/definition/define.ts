import type { ActionDefinition } from './action';
import type { ProviderDefinition } from './provider';
import type { DatabaseActionDefinition } from './database';

/**
 * Identity helpers that give a definition module its type while it is written. They check
 * nothing at runtime on purpose: `validateCatalog` does, so that a broken module is reported
 * with its path instead of crashing whatever imported it first.
 */
export function defineAction(action: ActionDefinition): ActionDefinition {
  return action;
}

export function defineProvider(provider: ProviderDefinition): ProviderDefinition {
  return provider;
}

export function defineDatabaseAction(action: DatabaseActionDefinition): DatabaseActionDefinition {
  return action;
}
