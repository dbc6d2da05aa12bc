import type { ContentType, ValidationIssue } from './contentful-space';

/** What a search sees of an entry, the same for management and delivery views. */
export interface SearchableEntry {
  id: string;
  contentTypeId: string;
  createdAt: string;
  updatedAt: string;
  /** A field's value in the locale the search runs in. */
  field(name: string): unknown;
  /** Every text value in every locale, for full-text `query`. */
  texts(): string[];
}

export type SearchOutcome<T> = { ok: true; total: number; skip: number; limit: number; items: T[] } | { ok: false; issues: ValidationIssue[]; message: string };

const INVALID_QUERY = 'The query you sent was invalid. Probably a filter or ordering specification is not applicable to the type of a field.';
/** Parameters every search accepts that are not filters. */
const RESERVED = new Set(['content_type', 'skip', 'limit', 'order', 'query', 'locale', 'include', 'access_token', 'select']);

/**
 * Contentful collection search: `content_type`, `skip`/`limit` (limit at most 1000),
 * `order`, full-text `query`, and `fields.x` / `sys.id` filters with `[match]`, `[ne]`,
 * `[in]`, `[exists]`. Field filters and field ordering need one `content_type` (CDA search
 * parameters reference).
 */
export function searchEntries<T extends SearchableEntry>(
  entries: T[],
  params: Record<string, string | undefined>,
  contentTypes: ContentType[],
): SearchOutcome<T> {
  const issues: ValidationIssue[] = [];
  const skip = Number(params['skip'] ?? 0);
  const limit = Number(params['limit'] ?? 100);
  if (!Number.isInteger(skip) || skip < 0) issues.push({ name: 'min', path: ['skip'], details: 'Skip must be a non-negative integer' });
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000)
    issues.push({ name: 'size', path: ['limit'], details: 'Limit must be an integer between 0 and 1000' });

  const contentTypeId = params['content_type'];
  const contentType = contentTypes.find((type) => type.id === contentTypeId);
  if (contentTypeId !== undefined && !contentType)
    issues.push({ name: 'unknownContentType', path: ['content_type'], details: `Unknown content type ${contentTypeId}` });

  const filters: Array<(entry: T) => boolean> = [];
  for (const [key, raw] of Object.entries(params)) {
    if (RESERVED.has(key) || raw === undefined) continue;
    const match = /^(fields\.([A-Za-z0-9_]+)|sys\.id)(?:\[(match|ne|in|exists)\])?$/.exec(key);
    if (!match) {
      issues.push({ name: 'unknown', path: key.split('.'), details: `The path "${key}" is not recognized` });
      continue;
    }
    const fieldName = match[2];
    if (fieldName !== undefined) {
      if (!contentType) {
        issues.push({ name: 'missingContentType', path: ['fields', fieldName], details: 'Filtering by fields requires exactly one content_type' });
        continue;
      }
      if (!contentType.fields.some((field) => field.id === fieldName)) {
        issues.push({ name: 'unknown', path: ['fields', fieldName], details: `The path "fields.${fieldName}" is not recognized` });
        continue;
      }
    }
    const read = (entry: T): unknown => (fieldName !== undefined ? entry.field(fieldName) : entry.id);
    const operator = match[3];
    const values = raw.split(',');
    filters.push((entry) => {
      const value = read(entry);
      const asStrings = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
      switch (operator) {
        case 'match':
          return asStrings.some((candidate) => candidate.toLowerCase().includes(raw.toLowerCase()));
        case 'ne':
          return !asStrings.includes(raw);
        case 'in':
          return asStrings.some((candidate) => values.includes(candidate));
        case 'exists':
          return (raw === 'true') === (value !== undefined);
        default:
          return asStrings.includes(raw);
      }
    });
  }

  const orders = (params['order'] ?? 'sys.createdAt')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const order of orders) {
    const path = order.replace(/^-/, '');
    if (path.startsWith('fields.') && !contentType)
      issues.push({ name: 'missingContentType', path: path.split('.'), details: 'Ordering by fields requires exactly one content_type' });
    else if (!path.startsWith('fields.') && !['sys.createdAt', 'sys.updatedAt', 'sys.id'].includes(path))
      issues.push({ name: 'unknown', path: path.split('.'), details: `Cannot order by ${path}` });
  }
  if (issues.length > 0) return { ok: false, issues, message: INVALID_QUERY };

  const text = params['query']?.toLowerCase();
  const matches = entries
    .filter((entry) => contentTypeId === undefined || entry.contentTypeId === contentTypeId)
    .filter((entry) => filters.every((filter) => filter(entry)))
    .filter((entry) => !text || entry.texts().some((value) => value.toLowerCase().includes(text)));
  matches.sort((a, b) => {
    for (const order of orders) {
      const descending = order.startsWith('-');
      const path = order.replace(/^-/, '');
      const key = (entry: T) =>
        path === 'sys.createdAt'
          ? entry.createdAt
          : path === 'sys.updatedAt'
            ? entry.updatedAt
            : path === 'sys.id'
              ? entry.id
              : String(entry.field(path.slice(7)) ?? '');
      const compared = key(a).localeCompare(key(b));
      if (compared !== 0) return descending ? -compared : compared;
    }
    return a.id.localeCompare(b.id);
  });
  return { ok: true, total: matches.length, skip, limit, items: matches.slice(skip, skip + limit) };
}
