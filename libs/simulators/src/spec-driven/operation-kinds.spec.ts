import type { ImportedAction } from './imported-api';
import { routeOperations } from './operation-kinds';

function action(method: string, path: string, extra: Partial<ImportedAction> = {}): ImportedAction {
  return { id: `v.${method.toLowerCase()}_${path.replace(/\W+/g, '_')}`, http: { method, path }, outputSchema: { type: 'object' }, ...extra };
}

describe('routeOperations infers what an operation does from its method and path', () => {
  const kinds = (actions: ImportedAction[]) =>
    Object.fromEntries(routeOperations(actions).map((route) => [`${route.method} ${route.action.http.path}`, route.kind]));

  it('reads a collection and its items as list, create, read, update and delete', () => {
    const list = action('GET', '/things', { outputSchema: { type: 'object', properties: { data: { type: 'array' } } } });
    expect(kinds([list, action('POST', '/things'), action('GET', '/things/{id}'), action('PATCH', '/things/{id}'), action('DELETE', '/things/{id}')])).toEqual({
      'GET /things': 'list',
      'POST /things': 'create',
      'GET /things/{id}': 'read',
      'PATCH /things/{id}': 'update',
      'DELETE /things/{id}': 'delete',
    });
  });

  it('takes a POST on an item that can be read as an update (Twilio, Stripe)', () => {
    expect(kinds([action('GET', '/v1/Credentials/{Sid}'), action('POST', '/v1/Credentials/{Sid}')])['POST /v1/Credentials/{Sid}']).toBe('update');
  });

  it('takes a paginated POST as a list (a query with a body) and anything else as an action', () => {
    const query = action('POST', '/databases/{id}/query', { pagination: { style: 'cursor', nextCursorPath: 'next_cursor' } });
    expect(kinds([query, action('GET', '/me'), action('POST', '/builds/{n}/cancel')])).toEqual({
      'POST /databases/{id}/query': 'list',
      'GET /me': 'action',
      'POST /builds/{n}/cancel': 'action',
    });
  });

  it('tries the most literal route first, so /issues/export is not read as an issue', () => {
    const routes = routeOperations([action('GET', '/issues/{id}'), action('GET', '/issues/export')]);
    expect(routes.find((route) => route.matcher.test('/issues/export'))?.action.http.path).toBe('/issues/export');
  });
});
