/**
 * The part of an imported provider definition (libs/connectors' format, as the OpenAPI
 * importer writes it) that a spec-driven simulator reads. Declared structurally so the
 * simulators library keeps depending on no connector code.
 */
export interface ImportedPagination {
  style: 'cursor' | 'page_token' | 'next_url' | 'link_header' | 'offset';
  request?: { name?: string; offsetParam?: string; in: 'query' | 'body' };
  nextCursorPath?: string;
  nextTokenPath?: string;
  nextUrlPath?: string;
  itemsPath?: string;
  totalPath?: string;
  offsetPath?: string;
}

export interface ImportedAction {
  id: string;
  http: { method: string; path: string; body?: { encoding: string }; response?: { wrapArrayAs?: string } };
  outputSchema: Record<string, unknown>;
  pagination?: ImportedPagination;
}

export interface ImportedAuthMode {
  id: string;
  type: string;
  inject?: { in: 'header' | 'query'; name: string; scheme?: string; template?: string };
}

export interface ImportedProviderShape {
  id: string;
  servers: Record<string, { url: string }>;
  authModes: ImportedAuthMode[];
  rateLimitSignals: {
    retryAfterHeader?: string;
    remainingHeader?: string;
    limitHeader?: string;
    reset?: { header: string; format: 'epoch_seconds' | 'epoch_millis' | 'iso8601' | 'seconds_until' };
  };
  errors: { envelope: { codePaths: string[]; messagePaths: string[] } };
  actions: ImportedAction[];
}

/** Writes `value` at a dot path, creating objects (or arrays for numeric segments) on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node: Record<string, unknown> = target;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(segments[index + 1] as string);
    if (typeof node[segment] !== 'object' || node[segment] === null) node[segment] = nextIsIndex ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

/** The names of the top-level fields the output schema declares, and which of them are lists. */
export function outputFields(action: ImportedAction): { names: string[]; arrays: string[] } {
  const properties = action.outputSchema['properties'];
  const entries = typeof properties === 'object' && properties !== null ? Object.entries(properties as Record<string, Record<string, unknown>>) : [];
  return { names: entries.map(([name]) => name), arrays: entries.filter(([, schema]) => schema['type'] === 'array').map(([name]) => name) };
}
