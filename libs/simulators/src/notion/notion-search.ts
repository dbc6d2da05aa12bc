import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { NotionErrors } from './notion-pages';
import { notionList, renderPage, type NotionPage, type NotionWorkspace } from './notion-workspace';

/** One property filter of the kinds the simulator understands (select, checkbox, title). */
function matches(page: NotionPage, filter: Record<string, unknown>): boolean {
  if (Array.isArray(filter['and'])) return filter['and'].every((part) => matches(page, bodyObject(part)));
  if (Array.isArray(filter['or'])) return filter['or'].some((part) => matches(page, bodyObject(part)));
  const name = String(filter['property']);
  const value = page.values[name];
  const select = bodyObject(filter['select']);
  if ('equals' in select) return value?.type === 'select' && value.name === select['equals'];
  const checkbox = bodyObject(filter['checkbox']);
  if ('equals' in checkbox) return value?.type === 'checkbox' && value.checked === checkbox['equals'];
  const title = bodyObject(filter['title']);
  if ('contains' in title) return page.title.toLowerCase().includes(String(title['contains']).toLowerCase());
  return true;
}

export function registerNotionSearch(api: FastifyInstance, workspace: NotionWorkspace, errors: NotionErrors): void {
  api.post('/v1/search', async (request) => {
    const body = bodyObject(request.body);
    const query = typeof body['query'] === 'string' ? body['query'].toLowerCase() : '';
    const kind = bodyObject(body['filter'])['value'];
    const pages = [...workspace.pages.values()]
      .filter((page) => page.shared && !page.archived && page.title.toLowerCase().includes(query))
      .map((page) => ({ id: page.id, edited: page.last_edited_time, render: () => renderPage(page) as Record<string, unknown>, kind: 'page' }));
    const databases = [...workspace.databases.values()]
      .filter((database) => database.shared && database.title.toLowerCase().includes(query))
      .map((database) => ({
        id: database.id,
        edited: database.last_edited_time,
        kind: 'database',
        render: () => ({
          object: 'database',
          id: database.id,
          title: [{ type: 'text', text: { content: database.title }, plain_text: database.title }],
          properties: Object.fromEntries(Object.entries(database.schema).map(([name, type]) => [name, { name, type }])),
        }),
      }));
    const found = [...pages, ...databases]
      .filter((item) => kind === undefined || item.kind === kind)
      .sort((a, b) => b.edited.localeCompare(a.edited) || a.id.localeCompare(b.id));
    const list = notionList(found, body['start_cursor'], body['page_size'], 'page_or_database');
    return { ...list, results: list.results.map((item) => item.render()) };
  });

  api.post('/v1/databases/:id/query', async (request, reply) => {
    const { id } = request.params as { id: string };
    const database = workspace.visibleDatabase(id);
    if (!database) return errors.notFound(reply, 'database', id);
    const body = bodyObject(request.body);
    const filter = body['filter'] === undefined ? undefined : bodyObject(body['filter']);
    const unknown = filter && typeof filter['property'] === 'string' && !(filter['property'] in database.schema) ? filter['property'] : undefined;
    if (unknown) return errors.send(reply, 400, 'validation_error', `Could not find property with name or id: ${unknown}`);
    const rows = [...workspace.pages.values()].filter(
      (page) => page.parent.type === 'database_id' && page.parent.database_id === database.id && !page.archived && (!filter || matches(page, filter)),
    );
    const list = notionList(rows, body['start_cursor'], body['page_size'], 'page');
    return { ...list, results: list.results.map(renderPage) };
  });
}
