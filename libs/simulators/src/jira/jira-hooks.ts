import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import type { HookRegistry, RegisteredHook } from '../webhooks/hook-registry';
import { jiraWebhook } from '../webhooks/jira-webhooks';
import { AGENT_USER, type JiraIssue } from './jira-site';
import { caller, errors, type JiraRoutes } from './jira-routes';

/** Every hook belongs to the one simulated site. */
const SITE_SCOPE = 'site';

/**
 * Admin webhooks over REST (developer.atlassian.com/server/jira/platform/webhooks, "Registering
 * a webhook via the REST API"): `POST /rest/webhooks/1.0/webhook` with name, url, events, an
 * optional JQL filter and a `secret`, answered 201 with `self` ending in the webhook's id; list;
 * `DELETE …/webhook/{id}` 204. Only a Jira administrator (the simulated agent user) may manage
 * them: others get 403. Registered on the site path only (basic auth with an API token), not on
 * the OAuth gateway. An issue created (on either path) is sent to every hook that wants
 * `jira:issue_created`, signed with its secret (X-Hub-Signature).
 */
export function registerJiraHookRoutes(api: FastifyInstance, { writes, hooks }: JiraRoutes): void {
  const render = (request: FastifyRequest, hook: RegisteredHook) => ({
    name: hook.scope === SITE_SCOPE ? 'webhook' : hook.scope,
    url: hook.url,
    excludeBody: false,
    filters: { 'issue-related-events-section': '' },
    events: hook.events,
    enabled: hook.active,
    self: `${caller(request).selfBase}/rest/webhooks/1.0/webhook/${hook.id}`,
    lastUpdatedUser: caller(request).user.accountId,
    lastUpdatedDisplayName: caller(request).user.displayName,
    lastUpdated: Date.parse(hook.createdAt),
  });
  const administrator = (request: FastifyRequest) => caller(request).user.accountId === AGENT_USER.accountId;
  let nextId = 10;
  const forbidden = ['You do not have the permission to perform this operation. Only Jira administrators can manage webhooks.'];

  api.post('/rest/webhooks/1.0/webhook', async (request, reply) => {
    if (!administrator(request)) return errors(reply, 403, forbidden);
    const body = bodyObject(request.body);
    const fieldErrors: Record<string, string> = {};
    if (typeof body['name'] !== 'string' || body['name'].trim() === '') fieldErrors['name'] = 'Webhook name is required.';
    if (typeof body['url'] !== 'string' || !/^https?:\/\/\S+$/.test(body['url'])) fieldErrors['url'] = 'Webhook URL must be a valid absolute URL.';
    const events = Array.isArray(body['events']) ? body['events'].map(String) : [];
    if (events.length === 0) fieldErrors['events'] = 'At least one event is required.';
    if (Object.keys(fieldErrors).length > 0) return errors(reply, 400, [], fieldErrors);
    const hook = hooks.add({
      id: String(nextId++),
      scope: SITE_SCOPE,
      url: String(body['url']),
      secret: typeof body['secret'] === 'string' ? body['secret'] : '',
      events,
      active: body['enabled'] !== false,
      createdAt: new Date().toISOString(),
    });
    writes.record(routeKey(request));
    return reply.code(201).send(render(request, hook));
  });

  api.get('/rest/webhooks/1.0/webhook', async (request, reply) => {
    if (!administrator(request)) return errors(reply, 403, forbidden);
    return hooks.list(SITE_SCOPE).map((hook) => render(request, hook));
  });

  api.delete('/rest/webhooks/1.0/webhook/:id', async (request, reply) => {
    if (!administrator(request)) return errors(reply, 403, forbidden);
    if (!hooks.delete((request.params as { id: string }).id)) return errors(reply, 404, ['Webhook not found.']);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}

/** Sends `jira:issue_created` to the hooks that want it; hooks without a secret get none (and cannot be verified). */
export function emitIssueCreated(hooks: HookRegistry, issue: JiraIssue): void {
  hooks.dispatch(SITE_SCOPE, 'jira:issue_created', (hook) => jiraWebhook(hook.secret, 'jira:issue_created', issue.key), { retries: 2 });
}
