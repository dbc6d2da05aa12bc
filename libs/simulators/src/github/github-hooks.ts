import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey } from '../common/simulator-server';
import { githubWebhook } from '../webhooks/github-webhooks';
import type { RegisteredHook } from '../webhooks/hook-registry';
import { SIM_USER, type GitHubRepo } from './github-repos';
import { origin, renderUser, type Caller, type GitHubRoutes } from './github-routes';

/**
 * Repository webhooks (docs.github.com/en/rest/repos/webhooks): create, list, get, delete.
 * Managing hooks needs admin rights: a token that can see the repository but lacks the `repo`
 * or `admin:repo_hook` scope gets 403 "Must have admin rights to Repository.". A hook needs
 * `config.url` (422 otherwise); the same URL twice on one repository is 422 "Hook already
 * exists on this repository". GitHub pings a new hook at once (`ping`, with `zen` and `hook_id`)
 * and signs every delivery with the hook's secret (X-Hub-Signature-256).
 */
export function registerHookRoutes(api: FastifyInstance, { data, writes, error, repoFor, parsedBody, hooks }: GitHubRoutes): void {
  const adminRepo = (request: FastifyRequest, reply: FastifyReply): GitHubRepo | undefined => {
    const repo = repoFor(request, reply, false);
    if (!repo) return undefined;
    const token = (request.githubCaller as Caller).token;
    if (!token) {
      error(reply, 401, 'Requires authentication');
      return undefined;
    }
    // A GitHub App user token carries no OAuth scopes: its access comes from the app's permissions.
    if (token.scopes.length > 0 && !token.scopes.includes('repo') && !token.scopes.includes('admin:repo_hook')) {
      error(reply, 403, 'Must have admin rights to Repository.');
      return undefined;
    }
    return repo;
  };
  const render = (request: FastifyRequest, repo: GitHubRepo, hook: RegisteredHook) => {
    const url = `${origin(request)}/repos/${repo.owner}/${repo.name}/hooks/${hook.id}`;
    return {
      type: 'Repository',
      id: Number(hook.id),
      name: 'web',
      active: hook.active,
      events: hook.events,
      config: { content_type: 'json', insecure_ssl: '0', url: hook.url, ...(hook.secret ? { secret: '********' } : {}) },
      updated_at: hook.createdAt,
      created_at: hook.createdAt,
      url,
      test_url: `${url}/test`,
      ping_url: `${url}/pings`,
      deliveries_url: `${url}/deliveries`,
      last_response: { code: null, status: 'unused', message: null },
    };
  };
  const invalid = (reply: FastifyReply, message: string) => error(reply, 422, 'Validation Failed', { errors: [{ resource: 'Hook', code: 'custom', message }] });

  api.post('/repos/:owner/:repo/hooks', async (request, reply) => {
    const repo = adminRepo(request, reply);
    if (!repo) return reply;
    const body = parsedBody(request, reply);
    if (!body) return reply;
    const config = typeof body['config'] === 'object' && body['config'] !== null ? (body['config'] as Record<string, unknown>) : {};
    const url = typeof config['url'] === 'string' ? config['url'] : '';
    if (!/^https?:\/\/\S+$/.test(url)) return invalid(reply, url ? 'Config url is not a valid URL' : 'Config must contain URL.');
    if (body['name'] !== undefined && body['name'] !== 'web') return invalid(reply, 'Name must be "web"');
    if (config['content_type'] !== undefined && !['json', 'form'].includes(String(config['content_type'])))
      return invalid(reply, 'Config content_type must be "json" or "form"');
    const events = Array.isArray(body['events']) ? body['events'].map(String) : ['push'];
    const scope = `${repo.owner}/${repo.name}`.toLowerCase();
    if (hooks.list(scope).some((hook) => hook.url === url)) return invalid(reply, 'Hook already exists on this repository');
    const hook = hooks.add({
      id: String(data.id()),
      scope,
      url,
      secret: typeof config['secret'] === 'string' ? config['secret'] : '',
      events,
      active: body['active'] !== false,
      createdAt: data.timestamp(),
    });
    writes.record(routeKey(request));
    const rendered = render(request, repo, hook);
    // The new hook alone is pinged, whatever events it asked for.
    hooks.dispatch(
      scope,
      'ping',
      (target) =>
        githubWebhook(target.secret, 'ping', {
          zen: 'Design for failure.',
          hook_id: Number(target.id),
          hook: rendered,
          repository: renderRepository(repo),
          sender: renderUser(SIM_USER),
        }),
      { wants: (candidate) => candidate.id === hook.id },
    );
    return reply.code(201).header('location', rendered.url).send(rendered);
  });

  api.get('/repos/:owner/:repo/hooks', async (request, reply) => {
    const repo = adminRepo(request, reply);
    if (!repo) return reply;
    return hooks.list(`${repo.owner}/${repo.name}`.toLowerCase()).map((hook) => render(request, repo, hook));
  });

  const ownHook = (request: FastifyRequest, reply: FastifyReply) => {
    const repo = adminRepo(request, reply);
    if (!repo) return undefined;
    const hook = hooks.get((request.params as { hookId: string }).hookId);
    if (!hook || hook.scope !== `${repo.owner}/${repo.name}`.toLowerCase()) {
      error(reply, 404, 'Not Found');
      return undefined;
    }
    return { repo, hook };
  };

  api.get('/repos/:owner/:repo/hooks/:hookId', async (request, reply) => {
    const found = ownHook(request, reply);
    return found ? render(request, found.repo, found.hook) : reply;
  });

  api.delete('/repos/:owner/:repo/hooks/:hookId', async (request, reply) => {
    const found = ownHook(request, reply);
    if (!found) return reply;
    hooks.delete(found.hook.id);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}

/** The `repository` object of a webhook payload (the fields receivers use). */
export function renderRepository(repo: GitHubRepo) {
  return { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}`, private: repo.private, owner: { login: repo.owner } };
}
