/*
 * Jira Cloud (REST v3) + Atlassian OAuth 2.0 (3LO) simulator. Reproduces, per
 * /work/shared/vendors/jira.md and the sources it cites:
 * - OAuth 3LO (developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps): /authorize needs
 *   audience=api.atlassian.com and response_type=code; POST /oauth/token (JSON or form) answers
 *   { access_token, expires_in, token_type, scope, refresh_token when offline_access }. Access
 *   tokens live 1 h (configurable). Refresh tokens rotate on every use; a replaced token may be
 *   reused within a 10-minute leeway; later reuse answers 403 invalid_grant "Unknown or invalid
 *   refresh token." and (breach detection, configurable) revokes the whole token family.
 *   Inactivity expiry 90 days, absolute 365 days. No revocation endpoint.
 * - GET /oauth/token/accessible-resources lists sites with their cloudId; API calls go to
 *   /ex/jira/{cloudId}/rest/api/3/…; the gateway answers 401 `{ code, message }` (not an
 *   ErrorCollection), "Unauthorized; scope does not match" when a scope is missing. Calls on the
 *   site path (/rest/api/3/…) accept only basic auth with an API token (3LO tokens go through the gateway).
 * - /rest/api/3/search/jql: bounded JQL only (unbounded -> 400), ids only unless `fields` is given,
 *   `nextPageToken` omitted on the last page, `isLast`, no `total`; the old /rest/api/3/search
 *   answers 410 (CHANGE-2046; status *unverified*).
 * - Issues: GET (all fields by default; invisible = 404 "Issue does not exist or you do not have
 *   permission to see it."), create 201 {id,key,self} with ADF required for description
 *   (plain string -> 400 errors.description), transitions that depend on the current status
 *   (GET list, POST -> 204), comments 201 with ADF bodies, delete 204 and 400 when sub-tasks exist
 *   without deleteSubtasks=true. Errors are ErrorCollections { errorMessages, errors }.
 * - Rate limits (developer.atlassian.com/cloud/jira/platform/rate-limiting): per-second burst per
 *   tenant+endpoint+method (GET/POST 100, PUT/DELETE 50), per-issue writes (20 per 2 s, 100 per
 *   30 s), an hourly points quota (simplified: 1 point per call, window per UTC hour). Every
 *   response carries X-RateLimit-Limit/-Remaining (and -NearLimit under 20 %); a 429 adds
 *   Retry-After (s), X-RateLimit-Reset (ISO 8601) and RateLimit-Reason (jira-burst-based,
 *   jira-per-issue-on-write, jira-quota-tenant-based). The 429 body is *unverified*.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { randomToken } from '../common/random';
import { baseControl, bodyObject, createSimulatorApp, listen, routeKey, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { registerAtlassianOAuth } from './atlassian-oauth';
import {
  AGENT_USER,
  DEFAULT_SITE,
  ISSUE_TYPES,
  JiraSiteData,
  PRIORITIES,
  STATUSES,
  TRANSITIONS,
  type JiraIssue,
  type JiraSite,
  type JiraUser,
} from './jira-site';
import { JqlError, parseJql, type JqlClause, type JqlQuery } from './jql';

export interface JiraSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  site?: JiraSite;
  accessTokenLifetimeSeconds?: number;
  refreshTokenReuseLeewaySeconds?: number;
  revokeFamilyOnReuse?: boolean;
  /** Per-second burst per tenant+endpoint+method. */
  burstPerSecond?: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', number>>;
  perIssueWriteLimits?: Array<{ limit: number; windowSeconds: number }>;
  hourlyPoints?: number;
  seedIssues?: boolean;
}

export interface JiraSimulatorControl extends SimulatorControl {
  readonly data: JiraSiteData;
  readonly cloudId: string;
  /** A valid 3LO access token (and refresh token with offline_access) without the OAuth dance. */
  issueToken(options?: { scopes?: string[]; lifetimeSeconds?: number }): { accessToken: string; refreshToken?: string };
  /** An API token for basic auth on the site path. */
  issueApiToken(email?: string): string;
  setBurstLimit(method: 'GET' | 'POST' | 'PUT' | 'DELETE', perSecond: number): void;
}

export const JIRA_DEFAULT_SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'];

interface Caller {
  user: JiraUser;
  /** `undefined` for API-token calls, which carry the user's full permissions. */
  scopes?: string[];
  selfBase: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    jiraCaller?: Caller;
  }
}

const ADF_MESSAGE = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<RunningSimulator<JiraSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const site = options.site ?? DEFAULT_SITE;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const data = new JiraSiteData(site, clock, options.seedIssues ?? true);
  const burst = { GET: 100, POST: 100, PUT: 50, DELETE: 50, ...(options.burstPerSecond ?? {}) };
  const perIssue = options.perIssueWriteLimits ?? [
    { limit: 20, windowSeconds: 2 },
    { limit: 100, windowSeconds: 30 },
  ];
  const hourlyPoints = options.hourlyPoints ?? 65_000;
  const windows = new WindowCounter(clock);
  const quota = { hour: -1, used: 0 };
  const apiTokens = new Map<string, JiraUser>();

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      tooMany(reply, (fault.variant as string | undefined) ?? 'jira-burst-based', fault.retryAfterSeconds ?? 1, 100, clock.now() + (fault.retryAfterSeconds ?? 1) * 1000),
    serverError: (reply, status) => {
      if (status === 503) reply.header('retry-after', '5');
      return reply.code(status).send({ errorMessages: ['Internal server error'], errors: {} });
    },
  });

  const oauth = registerAtlassianOAuth(app, {
    clock,
    tokens: parts.tokens,
    client,
    sites: () => [site],
    options: {
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
      reuseLeewaySeconds: options.refreshTokenReuseLeewaySeconds ?? 600,
      revokeFamilyOnReuse: options.revokeFamilyOnReuse ?? true,
      refreshInactivitySeconds: 90 * 86_400,
      refreshAbsoluteSeconds: 365 * 86_400,
    },
  });

  function tooMany(reply: FastifyReply, reason: string, retryAfterSeconds: number, limit: number, resetAt: number): FastifyReply {
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))))
      .header('x-ratelimit-limit', String(limit))
      .header('x-ratelimit-remaining', '0')
      .header('x-ratelimit-reset', new Date(resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'))
      .header('ratelimit-reason', reason)
      .send({ errorMessages: ['Rate limit exceeded.'], errors: {} });
  }

  /** Gateway: 3LO bearer tokens, site chosen by cloudId. */
  app.register(
    async (gateway) => {
      gateway.addHook('preHandler', async (request, reply) => {
        const checked = parts.tokens.check(bearerToken(request.headers.authorization));
        if (checked.status !== 'valid' || checked.record?.kind !== 'access') return reply.code(401).send({ code: 401, message: 'Unauthorized' });
        const cloudId = (request.params as { cloudId: string }).cloudId;
        const allowed = (checked.record.attributes['cloudIds'] as string[] | undefined) ?? [];
        if (cloudId !== site.cloudId || !allowed.includes(cloudId)) return reply.code(404).send({ errorMessages: ['Site not found'], errors: {} });
        const needed = request.method === 'GET' ? 'read:jira-work' : 'write:jira-work';
        if (!checked.record.scopes.includes(needed)) return reply.code(401).send({ code: 401, message: 'Unauthorized; scope does not match' });
        request.jiraCaller = { user: AGENT_USER, scopes: checked.record.scopes, selfBase: `${origin(request)}/ex/jira/${cloudId}` };
        return limitRequest(request, reply);
      });
      registerRestRoutes(gateway);
    },
    { prefix: '/ex/jira/:cloudId' },
  );

  /** Site path: basic auth with an API token only. */
  app.register(async (sitePath) => {
    sitePath.addHook('preHandler', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
      const [email, token] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
      const user = apiTokens.get(token);
      if (!user || user.emailAddress !== email) {
        return reply.code(401).send({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
      }
      request.jiraCaller = { user, selfBase: origin(request) };
      return limitRequest(request, reply);
    });
    registerRestRoutes(sitePath);
  });

  async function limitRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const now = clock.now();
    const hour = Math.floor(now / 3_600_000);
    if (quota.hour !== hour) Object.assign(quota, { hour, used: 0 });
    const hourEnd = (hour + 1) * 3_600_000;
    if (quota.used >= hourlyPoints) return tooMany(reply, 'jira-quota-tenant-based', (hourEnd - now) / 1000, hourlyPoints, hourEnd);
    quota.used += 1;

    const method = request.method as keyof typeof burst;
    const limit = burst[method] ?? 100;
    const verdict = windows.hit(`burst:${site.cloudId}:${method}:${request.routeOptions.url}`, limit, 1000);
    if (!verdict.allowed) return tooMany(reply, 'jira-burst-based', (verdict.resetAt - now) / 1000, limit, verdict.resetAt);
    reply.header('x-ratelimit-limit', String(limit)).header('x-ratelimit-remaining', String(verdict.remaining));
    if (verdict.remaining < limit * 0.2) reply.header('x-ratelimit-nearlimit', 'true');
    return undefined;
  }

  /** Per-issue write limits; returns the 429 when one is exceeded. */
  function limitIssueWrite(issue: JiraIssue, reply: FastifyReply): FastifyReply | undefined {
    for (const rule of perIssue) {
      const verdict = windows.hit(`issue:${issue.id}:${rule.windowSeconds}`, rule.limit, rule.windowSeconds * 1000);
      if (!verdict.allowed) return tooMany(reply, 'jira-per-issue-on-write', (verdict.resetAt - clock.now()) / 1000, rule.limit, verdict.resetAt);
    }
    return undefined;
  }

  function registerRestRoutes(api: FastifyInstance): void {
    const caller = (request: FastifyRequest) => request.jiraCaller as Caller;
    const errors = (reply: FastifyReply, status: number, errorMessages: string[], fieldErrors: Record<string, string> = {}) =>
      reply.code(status).send({ errorMessages, errors: fieldErrors });

    api.get('/rest/api/3/myself', async (request) => {
      const user = caller(request).user;
      return { accountId: user.accountId, accountType: 'atlassian', active: true, displayName: user.displayName, emailAddress: user.emailAddress, timeZone: 'Europe/Berlin', locale: 'en_US', self: `${caller(request).selfBase}/rest/api/3/user?accountId=${user.accountId}` };
    });

    api.get('/rest/api/3/search', async (_request, reply) =>
      errors(reply, 410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.']),
    );

    api.get('/rest/api/3/search/jql', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      let jql: JqlQuery;
      try {
        jql = parseJql(query['jql'] ?? '');
      } catch (error) {
        return errors(reply, 400, [(error as JqlError).message]);
      }
      if (jql.clauses.length === 0) {
        return errors(reply, 400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
      }
      const unknownField = jql.clauses.find((clause) => !CLAUSE_FIELDS.has(clause.field));
      if (unknownField) return errors(reply, 400, [`Field '${unknownField.field}' does not exist or you do not have permission to view it.`]);

      const matches = [...data.issues.values()]
        .filter((issue) => data.projects.get(issue.projectKey)?.visible)
        .filter((issue) => jql.clauses.every((clause) => clauseMatches(clause, issue, caller(request).user)));
      sortIssues(matches, jql.orderBy);

      const maxResults = Math.min(Math.max(Number(query['maxResults'] ?? 50) || 50, 1), 100);
      let start = 0;
      if (query['nextPageToken']) {
        const decoded = decodePageToken(query['nextPageToken'], query['jql'] ?? '');
        if (decoded === undefined) return errors(reply, 400, ['The provided next page token is invalid or expired.']);
        start = decoded;
      }
      const page = matches.slice(start, start + maxResults);
      const isLast = start + maxResults >= matches.length;
      const fields = parseFieldList(query['fields'], ['id']);
      return {
        issues: page.map((issue) => renderIssue(issue, fields, caller(request).selfBase)),
        isLast,
        ...(isLast ? {} : { nextPageToken: encodePageToken(start + maxResults, query['jql'] ?? '') }),
      };
    });

    api.get('/rest/api/3/issue/:key', async (request, reply) => {
      const issue = data.find((request.params as { key: string }).key);
      if (!issue) return errors(reply, 404, [NOT_FOUND]);
      return renderIssue(issue, parseFieldList((request.query as Record<string, string | undefined>)['fields'], ['*all']), caller(request).selfBase);
    });

    api.post('/rest/api/3/issue', async (request, reply) => {
      const fields = bodyObject(bodyObject(request.body)['fields']);
      const fieldErrors: Record<string, string> = {};
      const projectRef = bodyObject(fields['project']);
      const project = [...data.projects.values()].find((candidate) => candidate.visible && (candidate.key === projectRef['key'] || candidate.id === projectRef['id']));
      if (!project) fieldErrors['project'] = 'Specify a valid project ID or key';
      const typeRef = bodyObject(fields['issuetype']);
      const issueType = ISSUE_TYPES.find((type) => type.id === typeRef['id'] || type.name === typeRef['name']);
      if (!issueType) fieldErrors['issuetype'] = 'Specify an issue type';
      if (typeof fields['summary'] !== 'string' || fields['summary'].trim() === '') fieldErrors['summary'] = 'You must specify a summary of the issue.';
      if (fields['description'] !== undefined && fields['description'] !== null && !isAdfDocument(fields['description'])) fieldErrors['description'] = ADF_MESSAGE;
      const priorityRef = fields['priority'] === undefined ? undefined : bodyObject(fields['priority']);
      const priority = priorityRef ? PRIORITIES.find((candidate) => candidate.id === priorityRef['id'] || candidate.name === priorityRef['name']) : PRIORITIES[2];
      if (!priority) fieldErrors['priority'] = 'Specify the Priority (id or name) in the string format';
      const assigneeRef = fields['assignee'] === undefined ? undefined : bodyObject(fields['assignee']);
      const assignee = assigneeRef ? data.users.get(String(assigneeRef['id'] ?? assigneeRef['accountId'])) : null;
      if (assignee === undefined) fieldErrors['assignee'] = 'User does not exist or you do not have permission to see it.';
      const labels = Array.isArray(fields['labels']) ? (fields['labels'] as unknown[]).map(String) : [];
      const badLabel = labels.find((label) => /\s/.test(label));
      if (badLabel) fieldErrors['labels'] = `The label '${badLabel}' contains spaces which is invalid.`;
      const parentRef = fields['parent'] === undefined ? undefined : bodyObject(fields['parent']);
      const parent = parentRef ? data.find(String(parentRef['key'] ?? parentRef['id'] ?? '')) : undefined;
      if (issueType?.subtask && !parent) fieldErrors['parent'] = 'Given parent issue does not belong to appropriate hierarchy.';
      if (Object.keys(fieldErrors).length > 0) return errors(reply, 400, [], fieldErrors);

      const issue = data.createIssue({
        projectKey: (project as { key: string }).key,
        issueTypeId: (issueType as { id: string }).id,
        summary: String(fields['summary']),
        description: fields['description'] ?? null,
        statusId: '10000',
        priorityId: (priority as { id: string }).id,
        assignee: assignee ?? null,
        reporter: caller(request).user,
        labels,
        parentKey: parent?.key,
      });
      parts.writes.record(routeKey(request));
      return reply.code(201).send({ id: issue.id, key: issue.key, self: `${caller(request).selfBase}/rest/api/3/issue/${issue.id}` });
    });

    api.get('/rest/api/3/issue/:key/transitions', async (request, reply) => {
      const issue = data.find((request.params as { key: string }).key);
      if (!issue) return errors(reply, 404, [NOT_FOUND]);
      return { expand: 'transitions', transitions: availableTransitions(issue).map(renderTransition) };
    });

    api.post('/rest/api/3/issue/:key/transitions', async (request, reply) => {
      const issue = data.find((request.params as { key: string }).key);
      if (!issue) return errors(reply, 404, [NOT_FOUND]);
      const body = bodyObject(request.body);
      const id = bodyObject(body['transition'])['id'];
      if (id === undefined) return errors(reply, 400, ["Missing 'transition' identifier"]);
      if (!/^\d+$/.test(String(id))) return errors(reply, 400, ["'transition' identifier must be an integer"]);
      const transition = availableTransitions(issue).find((candidate) => candidate.id === String(id));
      if (!transition) return errors(reply, 400, [`Transition id '${String(id)}' is not valid for this issue.`]);
      const comments = (bodyObject(body['update'])['comment'] as unknown[] | undefined) ?? [];
      const bodies = comments.map((entry) => bodyObject(bodyObject(entry)['add'])['body']);
      if (bodies.some((candidate) => !isAdfDocument(candidate))) return errors(reply, 400, [], { comment: ADF_MESSAGE });
      const limited = limitIssueWrite(issue, reply);
      if (limited) return limited;
      issue.statusId = transition.to;
      issue.updated = clock.now();
      for (const comment of bodies) data.addComment(issue, comment, caller(request).user);
      parts.writes.record(routeKey(request));
      return reply.code(204).send();
    });

    api.post('/rest/api/3/issue/:key/comment', async (request, reply) => {
      const issue = data.find((request.params as { key: string }).key);
      if (!issue) return errors(reply, 404, [NOT_FOUND]);
      const body = bodyObject(request.body)['body'];
      if (body === undefined || body === '') return errors(reply, 400, [], { comment: 'Comment body can not be empty!' });
      if (!isAdfDocument(body)) return errors(reply, 400, [], { comment: ADF_MESSAGE });
      const limited = limitIssueWrite(issue, reply);
      if (limited) return limited;
      const comment = data.addComment(issue, body, caller(request).user);
      parts.writes.record(routeKey(request));
      const author = renderUser(comment.author);
      return reply.code(201).send({
        id: comment.id,
        self: `${caller(request).selfBase}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
        author,
        body: comment.body,
        updateAuthor: author,
        created: jiraDate(comment.created),
        updated: jiraDate(comment.updated),
        jsdPublic: true,
      });
    });

    api.delete('/rest/api/3/issue/:key', async (request, reply) => {
      const issue = data.find((request.params as { key: string }).key);
      if (!issue) return errors(reply, 404, [NOT_FOUND]);
      const subtasks = [...data.issues.values()].filter((candidate) => candidate.parentKey === issue.key);
      const deleteSubtasks = (request.query as Record<string, string | undefined>)['deleteSubtasks'] === 'true';
      if (subtasks.length > 0 && !deleteSubtasks) {
        return errors(reply, 400, ["The issue has subtasks. Set 'deleteSubtasks' to true to delete the issue and its subtasks."]);
      }
      const limited = limitIssueWrite(issue, reply);
      if (limited) return limited;
      for (const subtask of subtasks) data.issues.delete(subtask.key);
      data.issues.delete(issue.key);
      parts.writes.record(routeKey(request));
      return reply.code(204).send();
    });
  }

  function renderIssue(issue: JiraIssue, fields: FieldSelection, selfBase: string): Record<string, unknown> {
    const all: Record<string, () => unknown> = {
      summary: () => issue.summary,
      status: () => renderStatus(issue.statusId),
      issuetype: () => ISSUE_TYPES.find((type) => type.id === issue.issueTypeId),
      project: () => {
        const project = data.projects.get(issue.projectKey);
        return project && { id: project.id, key: project.key, name: project.name };
      },
      priority: () => PRIORITIES.find((priority) => priority.id === issue.priorityId),
      assignee: () => (issue.assignee ? renderUser(issue.assignee) : null),
      reporter: () => renderUser(issue.reporter),
      created: () => jiraDate(issue.created),
      updated: () => jiraDate(issue.updated),
      description: () => issue.description,
      labels: () => issue.labels,
      parent: () => (issue.parentKey ? { key: issue.parentKey } : undefined),
      subtasks: () => [...data.issues.values()].filter((candidate) => candidate.parentKey === issue.key).map((sub) => ({ id: sub.id, key: sub.key })),
      comment: () => ({
        comments: issue.comments.map((comment) => ({ id: comment.id, author: renderUser(comment.author), body: comment.body, created: jiraDate(comment.created) })),
        total: issue.comments.length,
      }),
    };
    const names = fields.all ? Object.keys(all).filter((name) => !fields.excluded.has(name)) : fields.names.filter((name) => name in all);
    const rendered: Record<string, unknown> = {};
    for (const name of names) {
      const value = all[name]?.();
      if (value !== undefined) rendered[name] = value;
    }
    const base = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${selfBase}/rest/api/3/issue/${issue.id}`, key: issue.key };
    return fields.idOnly ? base : { ...base, fields: rendered };
  }

  const server = await listen(app, options.port);
  const control: JiraSimulatorControl = {
    ...baseControl(parts),
    data,
    cloudId: site.cloudId,
    issueToken: ({ scopes = JIRA_DEFAULT_SCOPES, lifetimeSeconds } = {}) => {
      const pair = oauth.issuePair(scopes, lifetimeSeconds);
      return { accessToken: pair.access.token, refreshToken: pair.refresh?.token };
    },
    issueApiToken: (email = AGENT_USER.emailAddress) => {
      const token = randomToken('ATATT3x', 30);
      const user = [...data.users.values()].find((candidate) => candidate.emailAddress === email) ?? AGENT_USER;
      apiTokens.set(token, user);
      return token;
    },
    setBurstLimit: (method, perSecond) => {
      burst[method] = perSecond;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

const CLAUSE_FIELDS = new Set(['project', 'status', 'assignee', 'reporter', 'issuetype', 'type', 'labels', 'priority', 'key', 'issuekey', 'summary', 'text', 'parent']);

function clauseMatches(clause: JqlClause, issue: JiraIssue, currentUser: JiraUser): boolean {
  const value = (): string[] => {
    switch (clause.field) {
      case 'project':
        return [issue.projectKey];
      case 'status':
        return [STATUSES.find((status) => status.id === issue.statusId)?.name ?? ''];
      case 'assignee':
        return issue.assignee ? [issue.assignee.accountId] : [];
      case 'reporter':
        return [issue.reporter.accountId];
      case 'issuetype':
      case 'type':
        return [ISSUE_TYPES.find((type) => type.id === issue.issueTypeId)?.name ?? ''];
      case 'labels':
        return issue.labels;
      case 'priority':
        return [PRIORITIES.find((priority) => priority.id === issue.priorityId)?.name ?? ''];
      case 'key':
      case 'issuekey':
        return [issue.key];
      case 'parent':
        return issue.parentKey ? [issue.parentKey] : [];
      default:
        return [issue.summary];
    }
  };
  const actual = value().map((entry) => entry.toLowerCase());
  const wanted = clause.values.map((entry) => (entry === 'currentUser()' ? currentUser.accountId : entry).toLowerCase());
  switch (clause.operator) {
    case '=':
    case 'in':
      return wanted.some((entry) => actual.includes(entry));
    case '!=':
    case 'not in':
      return !wanted.some((entry) => actual.includes(entry));
    case '~':
      return wanted.every((entry) => actual.some((candidate) => candidate.includes(entry)));
    case 'is':
      return actual.length === 0;
    case 'is not':
      return actual.length > 0;
  }
}

function sortIssues(issues: JiraIssue[], orderBy: JqlQuery['orderBy']): void {
  const field = orderBy?.field ?? 'key';
  const direction = orderBy?.direction === 'DESC' ? -1 : 1;
  const keyOf = (issue: JiraIssue): number | string =>
    field === 'created' ? issue.created : field === 'updated' ? issue.updated : field === 'priority' ? Number(issue.priorityId) : Number(issue.id);
  issues.sort((a, b) => {
    const [left, right] = [keyOf(a), keyOf(b)];
    const primary = left < right ? -1 : left > right ? 1 : 0;
    return (primary || Number(a.id) - Number(b.id)) * direction;
  });
}

interface FieldSelection {
  idOnly: boolean;
  all: boolean;
  names: string[];
  excluded: Set<string>;
}

function parseFieldList(raw: string | undefined, fallback: string[]): FieldSelection {
  const entries = raw ? raw.split(',').map((entry) => entry.trim()).filter(Boolean) : fallback;
  const excluded = new Set(entries.filter((entry) => entry.startsWith('-')).map((entry) => entry.slice(1)));
  const included = entries.filter((entry) => !entry.startsWith('-'));
  const all = included.includes('*all') || included.includes('*navigable');
  const names = included.filter((entry) => entry !== 'id' && !entry.startsWith('*'));
  return { idOnly: !all && names.length === 0, all, names, excluded };
}

function availableTransitions(issue: JiraIssue) {
  return TRANSITIONS.filter((transition) => transition.from.includes(issue.statusId));
}

function renderTransition(transition: (typeof TRANSITIONS)[number]) {
  return {
    id: transition.id,
    name: transition.name,
    to: renderStatus(transition.to),
    hasScreen: false,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

function renderStatus(statusId: string) {
  const status = STATUSES.find((candidate) => candidate.id === statusId) ?? (STATUSES[0] as (typeof STATUSES)[number]);
  return { id: status.id, name: status.name, statusCategory: status.category };
}

function renderUser(user: JiraUser) {
  return { accountId: user.accountId, displayName: user.displayName, active: true, accountType: 'atlassian' };
}

/** Jira's timestamp format: `2021-01-17T12:34:00.000+0000`. */
function jiraDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

function isAdfDocument(value: unknown): boolean {
  const doc = value as { type?: unknown; version?: unknown; content?: unknown } | null;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    doc.type === 'doc' &&
    doc.version === 1 &&
    Array.isArray(doc.content) &&
    doc.content.every((node) => typeof node === 'object' && node !== null && typeof (node as { type?: unknown }).type === 'string')
  );
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: jql })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    return typeof parsed.o === 'number' && parsed.q === jql ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

function origin(request: FastifyRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}
