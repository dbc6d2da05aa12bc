/**
 * Reads a dot path (`response_metadata.next_cursor`, `0.errorCode`) from a parsed body.
 * `@firstKey` and `@firstValue` pick from objects whose keys are not known in advance,
 * such as Jira's `errors: { summary: "..." }`; `@last` picks an array's last item (Stripe pages
 * with the last object's id). Missing steps give `undefined`, never a throw:
 * a vendor body is untrusted input.
 */
export function readBodyPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (segment === '@firstKey') {
      current = Object.keys(current)[0];
    } else if (segment === '@firstValue') {
      current = Object.values(current)[0];
    } else if (segment === '@last') {
      current = Array.isArray(current) ? current.at(-1) : undefined;
    } else if (Array.isArray(current)) {
      const index = Number(segment);
      current = Number.isInteger(index) ? current[index] : undefined;
    } else {
      current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return current;
}

/** The first path that yields a value, for "vendors put this in one of several places". */
export function readFirstPath(value: unknown, paths: ReadonlyArray<string>): unknown {
  for (const path of paths) {
    const found = readBodyPath(value, path);
    if (found !== undefined && found !== null && found !== '') return found;
  }
  return undefined;
}
