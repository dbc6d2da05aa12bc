import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';

export interface ZendeskComment {
  id: number;
  type: 'Comment';
  body: string;
  public: boolean;
  author_id: number;
  created_at: string;
}

export interface ZendeskTicket {
  id: number;
  subject: string | null;
  description: string | null;
  status: string;
  priority: string | null;
  type: string | null;
  requester_id: number;
  assignee_id: number | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  comments: ZendeskComment[];
}

export const SIM_AGENT_ID = 20978392;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** The account's tickets, in memory; deleted ones leave the map (a restore is not simulated). */
export class ZendeskTickets {
  readonly tickets = new Map<number, ZendeskTicket>();
  private nextId = 1;
  private nextCommentId = 1000;

  constructor(private readonly now: () => string) {}

  seed(count: number): void {
    for (let index = 1; index <= count; index++) {
      this.add({ subject: `Seeded ticket ${index}`, comment: `Seeded request ${index}`, status: index % 3 === 0 ? 'closed' : 'open' });
    }
  }

  add(fields: {
    subject: string;
    comment: string;
    status?: string;
    priority?: string | null;
    type?: string | null;
    requester_id?: number;
    tags?: string[];
  }): ZendeskTicket {
    const at = this.now();
    const ticket: ZendeskTicket = {
      id: this.nextId++,
      subject: fields.subject,
      description: fields.comment,
      status: fields.status ?? 'new',
      priority: fields.priority ?? null,
      type: fields.type ?? null,
      requester_id: fields.requester_id ?? SIM_AGENT_ID,
      assignee_id: null,
      tags: fields.tags ?? [],
      created_at: at,
      updated_at: at,
      comments: [],
    };
    this.addComment(ticket, fields.comment, true);
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  addComment(ticket: ZendeskTicket, body: string, isPublic: boolean): ZendeskComment {
    const comment: ZendeskComment = { id: this.nextCommentId++, type: 'Comment', body, public: isPublic, author_id: SIM_AGENT_ID, created_at: this.now() };
    ticket.comments.push(comment);
    return comment;
  }
}

type Errors = {
  notFound(reply: FastifyReply): FastifyReply;
  invalid(reply: FastifyReply, field: string, description: string): FastifyReply;
};

/** Cursor paging as Zendesk does it: `page[size]`, `page[after]`; `meta` and `links` out. */
function cursorPage<T extends { id: number }>(
  request: FastifyRequest,
  items: T[],
  path: string,
): { page: T[]; meta: Record<string, unknown>; links: Record<string, unknown> } {
  const query = request.query as Record<string, string | undefined>;
  const size = Math.min(Math.max(Number(query['page[size]'] ?? 100) || 100, 1), 100);
  const after = query['page[after]'] ? Number(Buffer.from(query['page[after]'], 'base64url').toString('utf8')) : undefined;
  const start = after === undefined ? 0 : items.findIndex((item) => item.id > after);
  const page = start < 0 ? [] : items.slice(start, start + size);
  const hasMore = start >= 0 && start + size < items.length;
  const cursor = (id: number | undefined) => (id === undefined ? null : Buffer.from(String(id)).toString('base64url'));
  const afterCursor = cursor(page.at(-1)?.id);
  const beforeCursor = cursor(page[0]?.id);
  const origin = `http://${request.headers.host}/api/v2${path}`;
  return {
    page,
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    links: {
      next: afterCursor ? `${origin}?page%5Bafter%5D=${afterCursor}&page%5Bsize%5D=${size}` : null,
      prev: beforeCursor ? `${origin}?page%5Bbefore%5D=${beforeCursor}&page%5Bsize%5D=${size}` : null,
    },
  };
}

const render = ({ comments: _comments, ...ticket }: ZendeskTicket, origin: string) => ({ ...ticket, url: `${origin}/api/v2/tickets/${ticket.id}.json` });

export function registerZendeskTickets(api: FastifyInstance, data: ZendeskTickets, context: TokenApiContext, errors: Errors): void {
  const origin = (request: FastifyRequest) => `http://${request.headers.host}`;
  const find = (request: FastifyRequest) => data.tickets.get(Number((request.params as { id: string }).id));

  api.get('/api/v2/tickets', async (request) => {
    const sort = (request.query as Record<string, string | undefined>)['sort'] ?? 'id';
    const key = sort.replace(/^-/, '') as keyof ZendeskTicket;
    const sorted = [...data.tickets.values()].sort((a, b) => String(a[key]).localeCompare(String(b[key]), undefined, { numeric: true }) || a.id - b.id);
    if (sort.startsWith('-')) sorted.reverse();
    const { page, meta, links } = cursorPage(request, sorted, '/tickets');
    return { tickets: page.map((ticket) => render(ticket, origin(request))), meta, links };
  });

  api.get('/api/v2/tickets/:id', async (request, reply) => {
    const ticket = find(request);
    return ticket ? { ticket: render(ticket, origin(request)) } : errors.notFound(reply);
  });

  api.get('/api/v2/tickets/:id/comments', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return errors.notFound(reply);
    const { page, meta, links } = cursorPage(request, ticket.comments, `/tickets/${ticket.id}/comments`);
    return { comments: page, meta, links };
  });

  api.post('/api/v2/tickets', async (request, reply) => {
    const fields = bodyObject(bodyObject(request.body)['ticket']);
    const comment = bodyObject(fields['comment']);
    if (typeof comment['body'] !== 'string' || comment['body'] === '') return errors.invalid(reply, 'description', 'Description: cannot be blank');
    const ticket = data.add({
      subject: typeof fields['subject'] === 'string' ? fields['subject'] : comment['body'].slice(0, 50),
      comment: comment['body'],
      priority: typeof fields['priority'] === 'string' ? fields['priority'] : null,
      type: typeof fields['type'] === 'string' ? fields['type'] : null,
      requester_id: typeof fields['requester_id'] === 'number' ? fields['requester_id'] : undefined,
      tags: Array.isArray(fields['tags']) ? fields['tags'].map(String) : [],
    });
    context.recordWrite(request);
    return reply
      .code(201)
      .header('location', `${origin(request)}/api/v2/tickets/${ticket.id}.json`)
      .send({ ticket: render(ticket, origin(request)) });
  });

  api.put('/api/v2/tickets/:id', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return errors.notFound(reply);
    const fields = bodyObject(bodyObject(request.body)['ticket']);
    if (ticket.status === 'closed') return errors.invalid(reply, 'status', 'Status: closed prevents ticket update');
    if (fields['status'] !== undefined && !STATUSES.includes(String(fields['status'])))
      return errors.invalid(reply, 'status', `Status: ${String(fields['status'])} is not valid`);
    const comment = bodyObject(fields['comment']);
    const events: Array<Record<string, unknown>> = [];
    for (const key of ['status', 'priority', 'assignee_id'] as const) {
      if (fields[key] === undefined) continue;
      events.push({ type: 'Change', field_name: key, value: fields[key], previous_value: ticket[key] });
      (ticket as unknown as Record<string, unknown>)[key] = fields[key];
    }
    if (typeof comment['body'] === 'string' && comment['body'] !== '') {
      const added = data.addComment(ticket, comment['body'], comment['public'] !== false);
      events.push({ type: 'Comment', id: added.id, body: added.body, public: added.public });
    }
    ticket.updated_at = new Date(context.clock.now()).toISOString();
    context.recordWrite(request);
    return { ticket: render(ticket, origin(request)), audit: { ticket_id: ticket.id, created_at: ticket.updated_at, author_id: SIM_AGENT_ID, events } };
  });

  api.delete('/api/v2/tickets/:id', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return errors.notFound(reply);
    data.tickets.delete(ticket.id);
    context.recordWrite(request);
    return reply.code(204).send();
  });
}
