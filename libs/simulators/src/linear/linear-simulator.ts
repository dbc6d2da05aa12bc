/*
 * Linear GraphQL API simulator (api.linear.app/graphql), per linear.app/developers:
 * - One endpoint, `POST /graphql` with `{ query, variables }`; documents are parsed and
 *   validated against Linear's own type names (linear-schema.ts), so an invalid document is
 *   refused as Linear refuses it (HTTP 400, GRAPHQL_VALIDATION_FAILED).
 * - Auth (https://linear.app/developers/graphql#authentication): a personal API key in
 *   `Authorization` as is, with no scheme; an OAuth access token as `Authorization: Bearer`.
 *   A key sent as a Bearer token, or a token sent bare, is not authenticated. OAuth tokens act
 *   within their scopes (read, write, issues:create, comments:create): FORBIDDEN otherwise.
 * - Errors as GraphQL `errors[]` with `extensions { code, type, userError,
 *   userPresentableMessage }` (the codes Linear's docs and SDK name; the wording is ours).
 *   Authentication and rate-limit refusals come with HTTP 400 and no data; errors raised while
 *   executing (entity not found, invalid input, missing scope) come inside an HTTP 200 answer
 *   with `data: null`, as a GraphQL server answers them: a client reading only the status would
 *   take them for success.
 * - Rate limits (https://linear.app/developers/rate-limiting): requests per user per hour,
 *   whichever key or token; every answer carries X-RateLimit-Requests-Limit, -Remaining and
 *   -Reset (UTC epoch milliseconds) and an approximate X-Complexity; over the budget the answer
 *   is HTTP 400 with code RATELIMITED. The complexity budget itself is not enforced.
 * - Pagination (https://linear.app/developers/pagination): Relay connections, `first` (default
 *   50, at most 250) and `after`, `pageInfo { hasNextPage endCursor }`; a foreign cursor is an
 *   input error.
 * - Teams with five workflow states each, users, issues (filters on team, title, state and
 *   assignee; identifiers such as ENG-3 accepted wherever an issue id is), comments; deleting
 *   moves an issue to the trash (left out of lists, still readable with `trashed: true`).
 * Not reproduced: webhooks, attachments, projects, cycles, labels, the complexity budget, the
 * OAuth authorization flow (tokens are issued through the control API).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { baseControl, bodyObject, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore, type TokenRecord } from '../common/token-store';
import { WindowCounter, type WindowVerdict } from '../common/window-counter';
import { commentResolvers } from './linear-comments';
import type { LinearContext } from './linear-context';
import { issueResolvers } from './linear-issues';
import { linearSchema } from './linear-schema';
import { teamResolvers } from './linear-teams';
import { linearErrors, LinearWorkspace } from './linear-workspace';

export interface LinearSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Requests per user per hour; the definition's declared limit unless a test lowers it. */
  requestsPerHour?: number;
  seedIssues?: number;
}

export interface LinearSimulatorControl extends SimulatorControl {
  readonly workspace: LinearWorkspace;
  /** A personal API key (`lin_api_…`), sent in Authorization without a scheme. */
  issueApiKey(): string;
  /** An OAuth access token (`lin_oauth_…`), sent as Bearer, limited to its scopes. */
  issueOAuthToken(options?: { scopes?: string[]; lifetimeSeconds?: number }): string;
  setLimit(requestsPerHour: number): void;
}

const HOUR_MS = 3_600_000;
const MAX_BODY_QUERY = 100_000;

export async function startLinearSimulator(options: LinearSimulatorOptions = {}): Promise<RunningSimulator<LinearSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const windows = new WindowCounter(clock);
  let limit = options.requestsPerHour ?? 2500;
  const workspace = new LinearWorkspace(() => new Date(clock.now()).toISOString());
  workspace.seed(options.seedIssues ?? 5);
  const rootValue = { ...teamResolvers(workspace), ...issueResolvers(workspace), ...commentResolvers(workspace) };

  const refuse = (reply: FastifyReply, status: number, ...errors: Array<{ message: string; extensions: Record<string, unknown> }>) =>
    reply.code(status).send({ errors });
  const app = createSimulatorApp(parts, {
    rateLimited: (reply) => refuse(reply, 400, linearErrors.rateLimited(limit)),
    serverError: (reply, status) => refuse(reply, status, linearErrors.internal()),
  });

  app.post('/graphql', async (request, reply) => {
    const caller = authenticate(parts.tokens, request);
    if (!caller) return refuse(reply, 400, linearErrors.authentication());
    const verdict = windows.hit(`user:${caller.subject}`, limit, HOUR_MS);
    for (const [name, value] of Object.entries(limitHeaders(verdict))) reply.header(name, value);
    if (!verdict.allowed) return refuse(reply, 400, linearErrors.rateLimited(limit));

    const body = bodyObject(request.body);
    const query = body['query'];
    if (typeof query !== 'string' || query.length === 0 || query.length > MAX_BODY_QUERY) {
      return refuse(reply, 400, { message: 'Must provide a query string.', extensions: { code: 'BAD_REQUEST', type: 'graphql error', userError: true } });
    }
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return refuse(reply, 400, { message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED', type: 'graphql error', userError: true } });
    }
    const invalid = validate(linearSchema(), document);
    if (invalid.length > 0) return reply.code(400).send({ errors: invalid.map((error) => shaped(error, 'GRAPHQL_VALIDATION_FAILED')) });
    reply.header('x-complexity', String(complexityOf(query, body['variables'])));

    const contextValue: LinearContext = {
      workspace,
      caller: { kind: caller.attributes['kind'] === 'oauth' ? 'oauth' : 'api_key', scopes: caller.scopes },
      recordWrite: (mutation) => parts.writes.record(`mutation ${mutation}`),
    };
    const variables = body['variables'];
    const result = (await execute({
      schema: linearSchema(),
      document,
      rootValue,
      contextValue,
      variableValues: typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : undefined,
    })) as ExecutionResult;
    // Variables that do not fit their types stop the request before execution: no data at all.
    if (!('data' in result) || result.data === undefined)
      return reply.code(400).send({ errors: (result.errors ?? []).map((error) => shaped(error, 'BAD_USER_INPUT')) });
    return reply
      .code(200)
      .send({ data: result.data, ...(result.errors?.length ? { errors: result.errors.map((error) => shaped(error, 'INTERNAL_SERVER_ERROR')) } : {}) });
  });

  const server = await listen(app, options.port);
  const issue = (kind: 'api_key' | 'oauth', scopes: string[], lifetimeSeconds?: number) =>
    parts.tokens.issue({
      kind: 'access',
      prefix: kind === 'oauth' ? 'lin_oauth_' : 'lin_api_',
      clientId: 'causeway-sim-client',
      subject: workspace.viewer.id,
      scopes,
      lifetimeSeconds,
      attributes: { kind },
    }).token;
  const control: LinearSimulatorControl = {
    ...baseControl(parts),
    workspace,
    issueApiKey: () => issue('api_key', []),
    issueOAuthToken: (issueOptions = {}) => issue('oauth', issueOptions.scopes ?? ['read', 'write'], issueOptions.lifetimeSeconds ?? 86_399),
    setLimit: (requests) => {
      limit = requests;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

/** A key travels bare, an OAuth token as Bearer; anything else is not authenticated. */
function authenticate(tokens: TokenStore, request: FastifyRequest): TokenRecord | undefined {
  const header = request.headers.authorization?.trim();
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  const checked = tokens.check(bearer ? bearer[1] : header);
  if (checked.status !== 'valid' || !checked.record) return undefined;
  const kind = checked.record.attributes['kind'];
  return (bearer ? kind === 'oauth' : kind === 'api_key') ? checked.record : undefined;
}

function limitHeaders(verdict: WindowVerdict): Record<string, string> {
  return {
    'x-ratelimit-requests-limit': String(verdict.limit),
    'x-ratelimit-requests-remaining': String(verdict.remaining),
    'x-ratelimit-requests-reset': String(verdict.resetAt),
  };
}

/** Linear's entry shape for an error graphql-js raised: a resolver's own extensions win. */
function shaped(error: GraphQLError, fallbackCode: string) {
  const extensions = Object.keys(error.extensions ?? {}).length > 0 ? error.extensions : { code: fallbackCode, type: 'graphql error', userError: true };
  return { message: error.message, ...(error.path ? { path: error.path } : {}), ...(error.locations ? { locations: error.locations } : {}), extensions };
}

/** Roughly Linear's rule: a point per field, multiplied by the page size a connection asks for. */
function complexityOf(query: string, variables: unknown): number {
  const fields = (query.match(/[A-Za-z_]\w*/g) ?? []).length;
  const first = typeof (variables as { first?: unknown } | undefined)?.first === 'number' ? (variables as { first: number }).first : 50;
  return fields * (query.includes('nodes') ? Math.max(1, Math.ceil(first / 10)) : 1);
}
