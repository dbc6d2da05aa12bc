/**
 * A copy of `data` without the fields the JSON pointers name (RFC 6901; `*` matches every key
 * or array item at its level). A pointer that names nothing removes nothing. Removed array
 * items leave no hole: the item is dropped.
 */
export function redactFields(data: unknown, pointers: readonly string[]): unknown {
  if (pointers.length === 0) return data;
  let copy: unknown = structuredClone(data);
  for (const pointer of pointers) copy = remove(copy, segments(pointer));
  return copy;
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function remove(node: unknown, path: string[]): unknown {
  if (path.length === 0 || node === null || typeof node !== 'object') return node;
  const [head, ...rest] = path;
  if (Array.isArray(node)) {
    if (rest.length === 0) return head === '*' ? [] : node.filter((_, i) => String(i) !== head);
    return node.map((item, i) => (head === '*' || String(i) === head ? remove(item, rest) : item));
  }
  const record = node as Record<string, unknown>;
  for (const key of head === '*' ? Object.keys(record) : Object.hasOwn(record, head) ? [head] : []) {
    if (rest.length === 0) delete record[key];
    else record[key] = remove(record[key], rest);
  }
  return record;
}
