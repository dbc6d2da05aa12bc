const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every UUID in a JSON value, with the first path it was found at (`apiKeys.edges.node.id`). */
export function idsByPath(value: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      for (const id of node.match(UUID) ?? []) if (!found.has(at) && ![...found.values()].includes(id.toLowerCase())) found.set(at, id.toLowerCase());
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item, at);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, at ? `${at}.${key}` : key);
    }
  };
  walk(value, path);
  return found;
}

/** The other tenant's ids, one per path, less any id the sweeping tenant can also see (shared rows). */
export function foreignIds(theirs: unknown, ours: unknown, known: Record<string, string | undefined>): Map<string, string> {
  const ownIds = new Set(idsByPath(ours).values());
  const ids = new Map<string, string>();
  for (const [label, id] of Object.entries(known)) if (id) ids.set(label, id.toLowerCase());
  for (const [path, id] of idsByPath(theirs)) if (!ownIds.has(id) && ![...ids.values()].includes(id)) ids.set(path, id);
  return ids;
}

/** Replaces ids and request ids so two answers can be compared for shape, not identity. */
export function withoutIds(text: string): string {
  return text.replace(UUID, '<id>').replace(/req_[A-Za-z0-9_-]+/g, '<request>');
}
