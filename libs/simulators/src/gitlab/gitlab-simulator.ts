/*
 * GitLab REST API v4 simulator (gitlab.com/api/v4 or a self-managed {baseUrl}/api/v4), per
 * docs.gitlab.com:
 * - `PRIVATE-TOKEN` header or `Authorization: Bearer`; otherwise 401 {"message":"401 Unauthorized"}
 *   (https://docs.gitlab.com/api/rest/authentication/).
 * - Errors (https://docs.gitlab.com/api/rest/troubleshooting/): `{ message: "404 Project Not
 *   Found" }`, validation `{ message: { field: [..] } }` or `{ message: [..] }`, missing
 *   parameters `{ error: "title is missing" }` (400), 409 for a second open merge request
 *   of the same branches.
 * - Offset pagination with `page`/`per_page` (default 20, max 100), the `Link` header and the
 *   x-page/x-next-page/x-total headers (https://docs.gitlab.com/api/rest/#pagination).
 * - Throttled requests get 429 with a plain-text "Retry later" body, Retry-After and the
 *   RateLimit-Limit/-Observed/-Remaining/-Reset/-Name headers
 *   (https://docs.gitlab.com/user/gitlab_com/rate_limits/, .../settings/user_and_ip_rate_limits/).
 * - Projects addressed by id or URL-encoded path; issues (list, create, edit, notes), merge
 *   requests (list, create), branch delete (404 unknown; 405 "Cannot remove HEAD branch" / "Protected branch cant be
 *   removed", as GitLab's own API spec asserts; 204).
 * Not reproduced: keyset pagination, OAuth token expiry bodies, every filter, merging.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { registerGitLabIssues } from './gitlab-issues';
import { registerGitLabMergeRequests } from './gitlab-merge-requests';
import { GitLabData, type GitLabProject } from './gitlab-projects';

export interface GitLabSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Authenticated API requests per minute per user (GitLab.com: 2,000). */
  requestsPerMinute?: number;
}

export interface GitLabSimulatorControl extends TokenApiControl {
  readonly data: GitLabData;
  readonly project: GitLabProject;
}

const tokenOf = (request: FastifyRequest) => {
  const header = request.headers['private-token'];
  return typeof header === 'string' ? header : bearerOf(request);
};

export async function startGitLabSimulator(options: GitLabSimulatorOptions = {}): Promise<RunningSimulator<GitLabSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const data = new GitLabData(() => new Date(clock.now()).toISOString());
  const project = data.seed();
  const limit = options.requestsPerMinute ?? 2000;
  const errors = {
    message: (reply: FastifyReply, status: number, message: unknown) => reply.code(status).send({ message }),
    missing: (reply: FastifyReply, param: string) => reply.code(400).send({ error: `${param} is missing` }),
  };
  return startTokenApi(
    {
      tokenPrefix: 'glpat-',
      subject: 'causeway-bot',
      tokenOf,
      unauthorized: (reply) => reply.code(401).send({ message: '401 Unauthorized' }),
      limitHeaders: () => ({}),
      rateLimited: (reply, seconds, verdict) => {
        const resetAt = Math.ceil(clock.now() / 1000) + seconds;
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .header('ratelimit-name', 'throttle_authenticated_api')
          .header('ratelimit-limit', String(verdict?.limit ?? limit))
          .header('ratelimit-observed', String((verdict?.limit ?? limit) + 1))
          .header('ratelimit-remaining', '0')
          .header('ratelimit-reset', String(resetAt))
          .header('ratelimit-resettime', new Date(resetAt * 1000).toUTCString())
          .type('text/plain')
          .send('Retry later\n');
      },
      serverError: (reply, status) => reply.code(status).send({ message: `${status} Internal Server Error` }),
    },
    { clock, port: options.port, limit, windowMs: 60_000 },
    (api, context) => {
      registerGitLabIssues(api, data, context, errors);
      registerGitLabMergeRequests(api, data, context, errors);
      return { data, project };
    },
  );
}
