import type { FastifyInstance } from 'fastify';
import { randomHex } from '../common/random';
import { routeKey } from '../common/simulator-server';
import { blobSha, type GitHubRepo } from './github-repos';
import { origin, type GitHubRoutes } from './github-routes';

/** Repository contents: read a file or list a directory at a ref, delete a file (sha must match). */
export function registerContentRoutes(api: FastifyInstance, { data, writes, error, repoFor, parsedBody }: GitHubRoutes): void {
  api.get('/repos/:owner/:repo/contents/*', async (request, reply) => {
    const repo = repoFor(request, reply, false);
    if (!repo) return reply;
    const ref = (request.query as Record<string, string | undefined>)['ref'] ?? repo.defaultBranch;
    const files = repo.branches.get(ref);
    if (!files) return error(reply, 404, `No commit found for the ref ${ref}`);
    const path = decodeURIComponent((request.params as { '*': string })['*']).replace(/\/$/, '');
    const content = files.get(path);
    const base = `${origin(request)}/repos/${repo.owner}/${repo.name}`;
    if (content !== undefined) return renderFile(base, repo, ref, path, content);
    const prefix = path === '' ? '' : `${path}/`;
    const children = new Map<string, 'file' | 'dir'>();
    for (const candidate of files.keys()) {
      if (!candidate.startsWith(prefix)) continue;
      const rest = candidate.slice(prefix.length);
      const slash = rest.indexOf('/');
      children.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir');
    }
    if (children.size === 0) return error(reply, 404, 'Not Found');
    return [...children.entries()].map(([name, type]) => {
      const childPath = `${prefix}${name}`;
      const sha = type === 'file' ? blobSha(files.get(childPath) as string) : blobSha(`tree:${childPath}`);
      return {
        type,
        name,
        path: childPath,
        sha,
        size: type === 'file' ? Buffer.byteLength(files.get(childPath) as string) : 0,
        url: `${base}/contents/${childPath}?ref=${ref}`,
        html_url: `https://github.com/${repo.owner}/${repo.name}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${childPath}`,
        git_url: null,
        download_url: null,
        _links: {},
      };
    });
  });

  api.delete('/repos/:owner/:repo/contents/*', async (request, reply) => {
    const repo = repoFor(request, reply, true);
    if (!repo) return reply;
    const body = parsedBody(request, reply);
    if (!body) return reply;
    for (const required of ['message', 'sha']) {
      if (typeof body[required] !== 'string' || body[required] === '') return error(reply, 422, `Invalid request.\n\n"${required}" wasn't supplied.`);
    }
    const branch = typeof body['branch'] === 'string' ? body['branch'] : repo.defaultBranch;
    const files = repo.branches.get(branch);
    if (!files) return error(reply, 404, `Branch ${branch} not found`);
    const path = decodeURIComponent((request.params as { '*': string })['*']);
    const content = files.get(path);
    if (content === undefined) return error(reply, 404, 'Not Found');
    if (blobSha(content) !== body['sha'])
      return reply.code(409).send({
        message: `${path} does not match ${String(body['sha'])}`,
        documentation_url: 'https://docs.github.com/rest/repos/contents#delete-a-file',
        status: '409',
      });
    files.delete(path);
    writes.record(routeKey(request));
    const sha = randomHex(40);
    return {
      content: null,
      commit: {
        sha,
        node_id: `C_${sha.slice(0, 20)}`,
        url: `${origin(request)}/repos/${repo.owner}/${repo.name}/git/commits/${sha}`,
        html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}`,
        message: body['message'],
        author: { name: 'Causeway Bot', email: 'bot@causeway.example', date: data.timestamp() },
        committer: { name: 'Causeway Bot', email: 'bot@causeway.example', date: data.timestamp() },
        parents: [],
      },
    };
  });
}

function renderFile(base: string, repo: GitHubRepo, ref: string, path: string, content: string): Record<string, unknown> {
  const sha = blobSha(content);
  // The API wraps base64 content at 60 characters with "\n".
  const encoded =
    (
      Buffer.from(content, 'utf8')
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n') + '\n';
  const self = `${base}/contents/${path}?ref=${ref}`;
  const html = `https://github.com/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
  const git = `${base}/git/blobs/${sha}`;
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(content),
    name: path.split('/').pop(),
    path,
    content: encoded,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${path}`,
    _links: { self, git, html },
  };
}
