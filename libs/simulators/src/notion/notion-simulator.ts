/*
 * Notion API simulator (api.notion.com/v1), per developers.notion.com:
 * - `Authorization: Bearer` and a `Notion-Version` header on every request (missing: 400
 *   missing_version) (https://developers.notion.com/reference/versioning).
 * - Errors `{ object: "error", status, code, message }`: unauthorized 401, object_not_found
 *   404 for anything not shared with the integration, validation_error 400 (e.g. rich text
 *   over 2000 characters, editing an archived page), rate_limited 429 with Retry-After
 *   (https://developers.notion.com/reference/status-codes, /reference/request-limits).
 *   Limits are "an average of three requests per second" with bursts: simulated as a
 *   per-minute budget (180) so bursts pass; no remaining/limit headers are sent.
 * - Lists `{ object: "list", results, next_cursor, has_more }`, `start_cursor` in (body for
 *   POST, query for GET), `page_size` ≤ 100 (https://developers.notion.com/reference/intro#pagination).
 * - Search over titles (pages, databases), database query with select/checkbox/title
 *   filters, page read/create/update (archived), block children read/append.
 * Not reproduced: every block and property type, nested blocks, comments, users.
 */
import type { FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { registerNotionPages } from './notion-pages';
import { registerNotionSearch } from './notion-search';
import { NotionWorkspace } from './notion-workspace';

export interface NotionSimulatorOptions {
  clock?: Clock;
  port?: number;
  requestsPerMinute?: number;
}

export interface NotionSimulatorControl extends TokenApiControl {
  readonly workspace: NotionWorkspace;
  /** Ids of the seeded wiki page, the Tasks database and a page not shared with the integration. */
  readonly seeded: { wikiId: string; tasksId: string; privateId: string };
}

export async function startNotionSimulator(options: NotionSimulatorOptions = {}): Promise<RunningSimulator<NotionSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const workspace = new NotionWorkspace(() => new Date(clock.now()).toISOString());
  const seeded = workspace.seed();
  const send = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ object: 'error', status, code, message });
  const errors = {
    send,
    notFound: (reply: FastifyReply, kind: string, id: string) =>
      send(
        reply,
        404,
        'object_not_found',
        `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
      ),
  };
  return startTokenApi(
    {
      tokenPrefix: 'ntn_',
      subject: 'bot-causeway',
      tokenOf: bearerOf,
      unauthorized: (reply) => send(reply, 401, 'unauthorized', 'API token is invalid.'),
      limitHeaders: () => ({}),
      rateLimited: (reply, seconds) =>
        send(reply.header('retry-after', String(seconds)), 429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
      serverError: (reply, status) => send(reply, status, status === 503 ? 'service_unavailable' : 'internal_server_error', 'Unexpected error occurred.'),
    },
    { clock, port: options.port, limit: options.requestsPerMinute ?? 180, windowMs: 60_000 },
    (api, context) => {
      api.addHook('preHandler', async (request, reply) => {
        if (reply.sent) return undefined;
        const version = request.headers['notion-version'];
        if (!version)
          return send(
            reply,
            400,
            'missing_version',
            'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
          );
        return undefined;
      });
      registerNotionPages(api, workspace, context, errors);
      registerNotionSearch(api, workspace, errors);
      return { workspace, seeded };
    },
  );
}
