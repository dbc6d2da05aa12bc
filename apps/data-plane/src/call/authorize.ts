import { catalog as builtIns, prepareActionInput, type Catalog, type CatalogEntry } from '@causeway/connectors';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { callDeniedBy, deniedMessages } from '../actions/call-permission';
import { CallError } from './call-error';

export interface Authorized {
  entry: CatalogEntry;
  /** The input as the tool's schema prepared it (defaults applied, coerced). */
  input: Record<string, unknown>;
}

/**
 * The tool (looked up once, here), whether this key may call it, and whether its input is
 * what the tool takes. Bad input costs nothing: it is refused before quotas and the upstream.
 * `catalog` is the key's tenant's: the built-ins and the tenant's own connectors.
 */
export function authorize(
  principal: AgentPrincipal,
  tool: string,
  rawInput: Record<string, unknown>,
  explain: boolean,
  catalog: Catalog = builtIns,
): Authorized | CallError {
  const entry = catalog.findAction(tool);
  if (!entry) return new CallError('not_found', `no tool named ${tool}: list them with GET /v1/tools`, { field: 'tool' });
  const deniedBy = callDeniedBy(principal, tool);
  if (deniedBy) {
    const message = `this key may not call ${tool}${explain ? `: ${deniedMessages[deniedBy]}` : ''}`;
    return new CallError('forbidden', message, explain ? { explain: { deniedBy } } : {}, deniedBy);
  }
  const prepared = prepareActionInput(entry.action, rawInput);
  if (!prepared.ok) return new CallError(prepared.error.code, prepared.error.message, prepared.error.field ? { field: `input.${prepared.error.field}` } : {});
  return { entry, input: prepared.input };
}
