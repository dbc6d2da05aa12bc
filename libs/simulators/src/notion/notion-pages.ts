import type { FastifyInstance, FastifyReply } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { normaliseId, notionList, renderBlock, renderPage, type NotionWorkspace } from './notion-workspace';

export interface NotionErrors {
  send(reply: FastifyReply, status: number, code: string, message: string): FastifyReply;
  notFound(reply: FastifyReply, kind: 'page' | 'block' | 'database', id: string): FastifyReply;
}

type RichText = Array<{ text?: { content?: unknown } }>;

/** Plain text of the first paragraph in a `children` array, or a validation message. */
function paragraphText(children: unknown): { text?: string; problem?: string } {
  if (!Array.isArray(children) || children.length === 0)
    return { problem: 'body failed validation: body.children should be defined, instead was `undefined`.' };
  const block = bodyObject(children[0]);
  const richText = bodyObject(block['paragraph'])['rich_text'] as RichText | undefined;
  const content = Array.isArray(richText) ? richText.map((part) => String(part.text?.content ?? '')).join('') : undefined;
  if (content === undefined || content === '')
    return { problem: 'body failed validation: body.children[0].paragraph.rich_text should be defined, instead was `undefined`.' };
  if (content.length > 2000)
    return {
      problem: `body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ \`2000\`, instead was \`${content.length}\`.`,
    };
  return { text: content };
}

export function registerNotionPages(api: FastifyInstance, workspace: NotionWorkspace, context: TokenApiContext, errors: NotionErrors): void {
  api.get('/v1/pages/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const page = workspace.visiblePage(id);
    return page ? renderPage(page) : errors.notFound(reply, 'page', id);
  });

  api.post('/v1/pages', async (request, reply) => {
    const body = bodyObject(request.body);
    const parentId = bodyObject(body['parent'])['page_id'];
    if (typeof parentId !== 'string')
      return errors.send(reply, 400, 'validation_error', 'body failed validation: body.parent.page_id should be defined, instead was `undefined`.');
    const parent = workspace.visiblePage(parentId);
    if (!parent) return errors.notFound(reply, 'page', parentId);
    const title =
      (bodyObject(bodyObject(body['properties'])['title'])['title'] as RichText | undefined)?.map((part) => String(part.text?.content ?? '')).join('') ?? '';
    const first = body['children'] === undefined ? {} : paragraphText(body['children']);
    if (first.problem) return errors.send(reply, 400, 'validation_error', first.problem);
    const page = workspace.addPage({ parent: { type: 'page_id', page_id: parent.id }, title, blocks: first.text ? [first.text] : [] });
    context.recordWrite(request);
    return renderPage(page);
  });

  // Update page: properties and `archived` (alias `in_trash`); archiving is the API's only delete.
  api.patch('/v1/pages/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const page = workspace.visiblePage(id);
    if (!page) return errors.notFound(reply, 'page', id);
    const body = bodyObject(request.body);
    const archived = body['archived'] ?? body['in_trash'];
    if (typeof archived === 'boolean') page.archived = archived;
    page.last_edited_time = new Date(context.clock.now()).toISOString();
    context.recordWrite(request);
    return renderPage(page);
  });

  api.get('/v1/blocks/:id/children', async (request, reply) => {
    const { id } = request.params as { id: string };
    const page = workspace.visiblePage(id);
    if (!page) return errors.notFound(reply, 'block', id);
    const query = request.query as Record<string, string | undefined>;
    const list = notionList(
      page.blocks.filter((block) => !block.archived),
      query['start_cursor'],
      query['page_size'],
      'block',
    );
    return { ...list, results: list.results.map(renderBlock) };
  });

  api.patch('/v1/blocks/:id/children', async (request, reply) => {
    const { id } = request.params as { id: string };
    const page = workspace.visiblePage(normaliseId(id));
    if (!page) return errors.notFound(reply, 'block', id);
    if (page.archived) return errors.send(reply, 400, 'validation_error', "Can't edit block that is archived. You must unarchive the block before editing.");
    const first = paragraphText(bodyObject(request.body)['children']);
    if (first.problem || !first.text) return errors.send(reply, 400, 'validation_error', first.problem ?? 'body failed validation.');
    const block = workspace.appendParagraph(page, first.text);
    context.recordWrite(request);
    return { object: 'list', results: [renderBlock(block)], next_cursor: null, has_more: false, type: 'block', block: {} };
  });
}
