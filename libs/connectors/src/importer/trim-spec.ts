import { record } from './normalize-spec';

/**
 * A copy of a spec with only the given paths and the components they reach, so a vendor spec
 * of megabytes can be committed as the few hundred kilobytes its overlay uses. The result is
 * still the vendor's text for everything it keeps.
 */
export function trimSpec(document: Record<string, unknown>, keepPaths: ReadonlySet<string>): Record<string, unknown> {
  const paths = Object.fromEntries(Object.entries(record(document['paths'])).filter(([path]) => keepPaths.has(path)));
  const reached = new Set<string>();
  const pending: unknown[] = [paths];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (typeof value === 'object' && value !== null) {
      const ref = (value as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && ref.startsWith('#/') && !reached.has(ref)) {
        reached.add(ref);
        pending.push(lookup(document, ref));
      }
      pending.push(...Object.values(value));
    }
  }
  const trimmed: Record<string, unknown> = { ...document, paths };
  for (const container of ['components', 'definitions', 'parameters', 'responses']) {
    if (!document[container]) continue;
    trimmed[container] = keepReached(record(document[container]), `#/${container}`, reached, container === 'components' ? 2 : 1);
  }
  // Security schemes are kept whole: they are small and the provider's auth is read from them.
  const components = record(document['components']);
  if (components['securitySchemes']) record(trimmed['components'])['securitySchemes'] = components['securitySchemes'];
  if (document['securityDefinitions']) trimmed['securityDefinitions'] = document['securityDefinitions'];
  return trimmed;
}

function keepReached(node: Record<string, unknown>, pointer: string, reached: Set<string>, levels: number): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (levels > 1) {
      const inner = keepReached(record(value), child, reached, levels - 1);
      if (Object.keys(inner).length > 0) kept[key] = inner;
    } else if (reached.has(child)) kept[key] = value;
  }
  return kept;
}

function lookup(document: Record<string, unknown>, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) node = record(node)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}
