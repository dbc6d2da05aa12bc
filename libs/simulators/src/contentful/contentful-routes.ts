import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import type { WriteCounter } from '../common/faults';
import type { TokenRecord, TokenStore } from '../common/token-store';
import type { ContentfulWebhooks } from './contentful-hooks';
import type { SearchableEntry } from './contentful-search';
import type { ContentfulEntry, ContentfulSpace, ValidationIssue } from './contentful-space';

/**
 * What the routes of every resource share; contentful-simulator.ts builds it (the two
 * listeners, authentication, rate limits) and each resource module registers its routes with
 * it: contentful-entries.ts and contentful-access-tokens.ts on the Management API,
 * contentful-delivery.ts on the Delivery API.
 */
export interface ContentfulRoutes {
  space: ContentfulSpace;
  clock: Clock;
  tokens: TokenStore;
  writes: WriteCounter;
  /** Contentful's error body, `{ sys: { type: 'Error', id }, message, details?, requestId }`. */
  errorBody(reply: FastifyReply, id: string, message: string, details?: Record<string, unknown>): FastifyReply;
  notFound(reply: FastifyReply, type: string, id: string): FastifyReply;
  validationFailed(reply: FastifyReply, issues: ValidationIssue[]): FastifyReply;
  /** Resolves space and environment from the path; answers 404 itself when they are wrong. */
  environmentOf(request: FastifyRequest, reply: FastifyReply): boolean;
  /** A token for one of the two APIs. */
  issue(api: 'management' | 'delivery', prefix: string, lifetimeSeconds?: number): TokenRecord;
  /** The space's webhooks and signing secret; publishing an entry is sent to them. */
  webhooks: ContentfulWebhooks;
}

export const ENTRIES_PATH = '/spaces/:spaceId/environments/:environmentId/entries';

export const link = (linkType: string, id: string) => ({ sys: { type: 'Link', linkType, id } });

export type View = SearchableEntry & { entry: ContentfulEntry };
