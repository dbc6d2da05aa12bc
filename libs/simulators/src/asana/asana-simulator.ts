/*
 * Asana REST API simulator (app.asana.com/api/1.0), per developers.asana.com:
 * - `Authorization: Bearer` (OAuth or personal access token); otherwise 401.
 * - Errors `{ errors: [{ message, help? }] }` with 400, 401, 403, 404 and 429
 *   (https://developers.asana.com/docs/errors); the message texts are the simulator's own.
 * - Request bodies and answers wrap the object in `data`; records are compact unless
 *   `opt_fields` names more; creating returns 201, deleting 200 `{ data: {} }`.
 * - Pagination only with `limit` (1–100): opaque `offset` in, `next_page { offset, path, uri }`
 *   out, null on the last page (https://developers.asana.com/docs/pagination).
 * - Per-token requests per minute (free domains: 150); over it 429 with Retry-After
 *   (https://developers.asana.com/docs/rate-limits).
 * - Projects (list by workspace), tasks (list by project with completed_since, read, create
 *   in a project, update, delete), comments (stories).
 * Not reproduced: sections, tags, custom fields, the trash and restoring from it.
 */
import type { FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { registerAsanaProjects } from './asana-projects';
import { registerAsanaTasks } from './asana-tasks';
import { AsanaWorkspace, type AsanaProject } from './asana-workspace';

export interface AsanaSimulatorOptions {
  clock?: Clock;
  port?: number;
  requestsPerMinute?: number;
  seedTasks?: number;
}

export interface AsanaSimulatorControl extends TokenApiControl {
  readonly workspace: AsanaWorkspace;
  readonly project: AsanaProject;
}

const HELP = 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

export async function startAsanaSimulator(options: AsanaSimulatorOptions = {}): Promise<RunningSimulator<AsanaSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const workspace = new AsanaWorkspace(() => new Date(clock.now()).toISOString());
  const project = workspace.seed(options.seedTasks ?? 5);
  const send = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ errors: [{ message, help: HELP }] });
  return startTokenApi(
    {
      tokenPrefix: '2/1100000000000001/',
      subject: '1100000000000001',
      tokenOf: bearerOf,
      unauthorized: (reply) => send(reply, 401, 'Not Authorized'),
      limitHeaders: () => ({}),
      rateLimited: (reply, seconds) => send(reply.header('retry-after', String(seconds)), 429, 'You have made too many requests recently. Please, be chill.'),
      serverError: (reply, status) => send(reply, status, 'Server Error'),
    },
    { clock, port: options.port, limit: options.requestsPerMinute ?? 150, windowMs: 60_000 },
    (api, context) => {
      registerAsanaProjects(api, workspace, { send });
      registerAsanaTasks(api, workspace, context, { send });
      return { workspace, project };
    },
  );
}
