import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WriteCounter } from '../common/faults';
import type { TokenRecord } from '../common/token-store';
import type { HookRegistry } from '../webhooks/hook-registry';
import type { GitHubData, GitHubRepo } from './github-repos';

/**
 * What the REST routes of every resource share; github-simulator.ts builds it (authentication,
 * rate limits, visibility) and each resource module (github-issues.ts, github-contents.ts,
 * github-pulls.ts) registers its routes with it.
 */
export interface GitHubRoutes {
  data: GitHubData;
  writes: WriteCounter;
  /** GitHub's error body: `{ message, documentation_url, status }` plus extras. */
  error(reply: FastifyReply, status: number, message: string, extra?: Record<string, unknown>): FastifyReply;
  /** The repository if this caller may see (or write) it; answers 404 (or 401) and returns undefined otherwise. */
  repoFor(request: FastifyRequest, reply: FastifyReply, write: boolean): GitHubRepo | undefined;
  /** The JSON object body, or undefined after answering 400. */
  parsedBody(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> | undefined;
  /** The secondary limit of content-creating endpoints: a refusal already sent, or undefined. */
  limitContentCreation(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
  /** Repository webhooks registered through the API; events in the simulator are sent to them. */
  hooks: HookRegistry;
}

export interface Caller {
  token?: TokenRecord;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    githubCaller?: Caller;
  }
}

export function renderUser(user: { login: string; id: number }) {
  return { login: user.login, id: user.id, type: 'User', site_admin: false };
}

export function origin(request: FastifyRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}
