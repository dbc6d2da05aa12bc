import { linearErrors, type LinearWorkspace } from './linear-workspace';

/** Who is calling and what the resolvers may touch, for one GraphQL request. */
export interface LinearContext {
  workspace: LinearWorkspace;
  /** API keys act with the full rights of their user; OAuth tokens only within their scopes. */
  caller: { kind: 'api_key' | 'oauth'; scopes: string[] };
  recordWrite(mutation: string): void;
}

/**
 * Linear's OAuth scopes: `write` covers every mutation, `issues:create` and `comments:create`
 * only those (https://linear.app/developers/oauth-2-0-authentication).
 */
export function requireScope(context: LinearContext, scope: 'write' | 'issues:create' | 'comments:create'): void {
  if (context.caller.kind === 'api_key') return;
  const { scopes } = context.caller;
  if (scopes.includes('write') || scopes.includes('admin') || scopes.includes(scope)) return;
  throw linearErrors.forbidden(scope);
}
