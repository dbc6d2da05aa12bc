import { isDatabaseAction, type CatalogAction, type ProviderDefinition } from '@causeway/connectors';
import { paceFromDeclaredLimit, type RateLimitRule } from '@causeway/resilience';

/** The vendor method an action calls, e.g. `chat.postMessage` from `/chat.postMessage`. */
function methodOf(action: CatalogAction): string {
  // A database action (PostgreSQL) calls no vendor method.
  if (isDatabaseAction(action)) return action.id;
  return action.http.path.split('/').filter(Boolean).pop() ?? action.id;
}

/**
 * The provider's own declared limit that applies to this action, and the bucket it is
 * counted in, so we slow down before the upstream has to refuse us. A limit whose
 * description names some of the provider's methods applies only to those; one naming none
 * applies to every call. Buckets follow the limit's `per`: a channel, a method, or the
 * whole connection.
 */
export function declaredPace(
  provider: ProviderDefinition,
  action: CatalogAction,
  input: Record<string, unknown>,
): { rule: RateLimitRule; bucket?: string } | undefined {
  const methods = provider.actions.map(methodOf);
  const own = methodOf(action);
  const limit = provider.declaredLimits.find((l) => {
    if (!l.appliesTo) return true;
    const named = methods.filter((m) => l.appliesTo!.includes(m));
    return named.length === 0 || named.includes(own);
  });
  if (!limit || limit.per.includes('issue')) return undefined;
  const channel = typeof input['channel'] === 'string' ? input['channel'] : undefined;
  const bucket = limit.per.includes('channel') && channel ? `${own}:${channel}` : /method|endpoint/.test(limit.per) ? own : undefined;
  return { rule: paceFromDeclaredLimit(limit), bucket };
}
