import { outputFields, setPath, type ImportedAction } from './imported-api';
import type { Resource } from './resource-store';

/** Query or body parameters vendors use for a page size. */
const PAGE_SIZE_PARAMS = ['limit', 'page_size', 'PageSize', 'pagelen', 'per_page', 'pageSize'];
const DEFAULT_PAGE_SIZE = 20;

export interface ListRequest {
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** The absolute URL of this request, for `next_url` and `Link` answers. */
  url: URL;
}

export interface ListAnswer {
  body: unknown;
  headers: Record<string, string>;
}

/**
 * One page of a collection in the shape the operation's pagination declares: Slack/Notion
 * cursors, Asana page tokens, Twilio/Bitbucket next URLs, GitHub Link headers, offsets.
 */
export function pageOf(action: ImportedAction, items: Resource[], request: ListRequest, wrap: (item: Resource) => Resource): ListAnswer {
  const pagination = action.pagination;
  const size = pageSize(request);
  const start = startOf(action, request);
  const page = items.slice(start, start + size).map(wrap);
  const more = start + size < items.length;
  const headers: Record<string, string> = {};
  if (action.http.response?.wrapArrayAs && !pagination) return { body: page, headers };

  const body: Record<string, unknown> = {};
  const itemsField = pagination?.itemsPath ?? outputFields(action).arrays[0] ?? 'items';
  setPath(body, itemsField, page);
  switch (pagination?.style) {
    case 'cursor':
      setPath(body, pagination.nextCursorPath as string, more ? `c${start + size}` : null);
      body['has_more'] = more;
      break;
    case 'page_token': {
      const tokenPath = pagination.nextTokenPath as string;
      if (more) setPath(body, tokenPath, `c${start + size}`);
      // Asana-style `next_page: null` on the last page: the parent of the token is emptied.
      else if (tokenPath.includes('.')) setPath(body, tokenPath.split('.').slice(0, -1).join('.'), null);
      break;
    }
    case 'next_url': {
      const next = new URL(request.url);
      next.searchParams.set('__page', String(start + size));
      setPath(body, pagination.nextUrlPath as string, more ? next.toString() : null);
      break;
    }
    case 'link_header':
      if (more) {
        const next = new URL(request.url);
        next.searchParams.set('__page', String(start + size));
        headers['link'] = `<${next.toString()}>; rel="next"`;
      }
      break;
    case 'offset':
      setPath(body, pagination.totalPath as string, items.length);
      setPath(body, pagination.offsetPath as string, start);
      break;
  }
  return { body, headers };
}

function pageSize(request: ListRequest): number {
  for (const name of PAGE_SIZE_PARAMS) {
    const raw = request.query[name] ?? request.body[name];
    const size = Number(raw);
    if (raw !== undefined && Number.isInteger(size) && size > 0) return Math.min(size, 100);
  }
  return DEFAULT_PAGE_SIZE;
}

function startOf(action: ImportedAction, request: ListRequest): number {
  const followed = request.url.searchParams.get('__page');
  if (followed) return Number(followed) || 0;
  const pagination = action.pagination;
  if (!pagination?.request) return 0;
  const name = pagination.request.name ?? pagination.request.offsetParam ?? '';
  const raw = pagination.request.in === 'query' ? request.query[name] : request.body[name];
  if (raw === undefined || raw === null) return 0;
  const value = String(raw);
  return Number(value.startsWith('c') ? value.slice(1) : value) || 0;
}
