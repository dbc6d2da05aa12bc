import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import type { WriteCounter } from '../common/faults';
import type { HookRegistry } from '../webhooks/hook-registry';
import type { JiraIssue, JiraSiteData, JiraUser } from './jira-site';

/**
 * What the REST routes of every resource share; jira-simulator.ts builds it (gateway and site
 * authentication, rate limits) and each resource module (jira-search.ts, jira-issues.ts,
 * jira-transitions.ts, jira-comments.ts) registers its routes with it, on both the gateway
 * and the site path.
 */
export interface JiraRoutes {
  data: JiraSiteData;
  clock: Clock;
  writes: WriteCounter;
  /** Per-issue write limits: the 429 already sent when one is exceeded, or undefined. */
  limitIssueWrite(issue: JiraIssue, reply: FastifyReply): FastifyReply | undefined;
  /** Webhooks registered through `/rest/webhooks/1.0/webhook`; issues created are sent to them. */
  hooks: HookRegistry;
}

export interface Caller {
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

export const ADF_MESSAGE = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
export const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export const caller = (request: FastifyRequest) => request.jiraCaller as Caller;

/** Jira's ErrorCollection: `{ errorMessages, errors }`. */
export const errors = (reply: FastifyReply, status: number, errorMessages: string[], fieldErrors: Record<string, string> = {}) =>
  reply.code(status).send({ errorMessages, errors: fieldErrors });

export function origin(request: FastifyRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}
