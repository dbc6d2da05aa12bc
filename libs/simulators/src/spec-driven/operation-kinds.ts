import { outputFields, type ImportedAction } from './imported-api';

/**
 * What an operation does to the simulated state, inferred from its method and path the way a
 * reader of the spec would: `GET /things` lists, `POST /things` creates when `/things/{id}`
 * exists, `GET|PUT|PATCH|DELETE /things/{id}` read, update and delete one. Anything else
 * (`POST /things/{id}/archive`, `GET /me`) is an `action` on a singleton.
 */
export type OperationKind = 'list' | 'create' | 'read' | 'update' | 'delete' | 'action';

export interface RoutedOperation {
  action: ImportedAction;
  kind: OperationKind;
  method: string;
  matcher: RegExp;
  /** Placeholder names in path order. */
  params: string[];
}

export function routeOperations(actions: ImportedAction[]): RoutedOperation[] {
  const templates = actions.map((action) => ({ method: action.http.method, path: normalize(action.http.path) }));
  const routed = actions.map((action) => {
    const path = normalize(action.http.path);
    const params = [...path.matchAll(/\{\+?([^}]+)\}/g)].map((match) => match[1] as string);
    const pattern = path
      .replace(/[.*?^$()|[\]\\]/g, '\\$&')
      .replace(/\{\+[^}]+\}/g, '(.+)')
      .replace(/\{[^}]+\}/g, '([^/]+)');
    return { action, kind: classify(action, path, templates), method: action.http.method, matcher: new RegExp(`^${pattern}/?$`), params };
  });
  // The most literal route wins: `/issues/export` before `/issues/{id}`.
  return routed.sort((a, b) => a.params.length - b.params.length);
}

function classify(action: ImportedAction, path: string, all: Array<{ method: string; path: string }>): OperationKind {
  const endsWithParam = /\}$/.test(path);
  const hasItemRoute = all.some((other) => other.path !== path && other.path.startsWith(`${path}/{`) && /^\/\{[^}/]+\}$/.test(other.path.slice(path.length)));
  const isList = Boolean(action.pagination || action.http.response?.wrapArrayAs || outputFields(action).arrays.length > 0);
  switch (action.http.method) {
    case 'GET':
      return endsWithParam ? 'read' : isList ? 'list' : 'action';
    case 'POST':
      if (action.pagination) return 'list';
      if (!endsWithParam) return hasItemRoute ? 'create' : 'action';
      return all.some((other) => other.method === 'GET' && other.path === path) ? 'update' : 'action';
    case 'PUT':
    case 'PATCH':
      return endsWithParam ? 'update' : 'action';
    case 'DELETE':
      return endsWithParam ? 'delete' : 'action';
    default:
      return 'action';
  }
}

function normalize(path: string): string {
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}
