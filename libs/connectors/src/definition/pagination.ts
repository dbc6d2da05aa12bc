import { z } from 'zod';
import { bodyPathSchema } from './auth-modes';
import { provenanceSchema } from './provenance';

const requestParam = z.strictObject({
  /** In the body, a dot path: GraphQL pages through `variables.after`. */
  name: z.string().min(1),
  in: z.enum(['query', 'body']),
});

/**
 * How a list action pages. Whatever the style, the engine hands the caller one opaque
 * `nextCursor` and accepts it back in the input property named by `cursorInput`.
 */
export const paginationSchema = z.discriminatedUnion('style', [
  /**
   * Slack: `cursor` in, `response_metadata.next_cursor` out, empty string on the last page.
   * A GraphQL Relay connection (Linear) is this style too: `variables.after` in,
   * `data.<field>.pageInfo.endCursor` out, `pageInfo.hasNextPage` as the has-more flag.
   */
  z.strictObject({
    style: z.literal('cursor'),
    cursorInput: z.string().min(1),
    request: requestParam,
    nextCursorPath: bodyPathSchema,
    /** Zendesk `meta.has_more`, Notion `has_more`: `false` ends paging even when a cursor is still sent. */
    hasMorePath: bodyPathSchema.optional(),
  }),
  /** Jira `/search/jql`: `nextPageToken` in and out, `isLast` says when to stop. */
  z.strictObject({
    style: z.literal('page_token'),
    cursorInput: z.string().min(1),
    request: requestParam,
    nextTokenPath: bodyPathSchema,
    isLastPath: bodyPathSchema.optional(),
  }),
  /** Salesforce: follow `nextRecordsUrl` verbatim until `done`. */
  z.strictObject({
    style: z.literal('next_url'),
    cursorInput: z.string().min(1),
    nextUrlPath: bodyPathSchema,
    donePath: bodyPathSchema.optional(),
  }),
  /** GitHub: follow the `rel="next"` URL of the `Link` header. */
  z.strictObject({
    style: z.literal('link_header'),
    cursorInput: z.string().min(1),
  }),
  /** Contentful `skip`/`limit`/`total`, Jira `startAt`/`maxResults`/`total`. */
  z.strictObject({
    style: z.literal('offset'),
    cursorInput: z.string().min(1),
    request: z.strictObject({ offsetParam: z.string().min(1), in: z.enum(['query', 'body']) }),
    itemsPath: bodyPathSchema,
    totalPath: bodyPathSchema,
    offsetPath: bodyPathSchema,
  }),
]);

export type Pagination = z.infer<typeof paginationSchema>;
export type PaginationStyle = Pagination['style'];

/**
 * How the vendor's list endpoints page, declared once per provider so a raw-proxy caller (and
 * whoever writes the typed actions) knows the convention. The first five styles are the ones
 * the engine follows for actions; `page_number` (GitLab `page`/`per_page`), `graphql_cursor`
 * (Relay `pageInfo.endCursor` / `after`) and `none` (a SQL database: the query pages itself,
 * under the row cap) are declared for the proxy and for future engine support.
 */
export const PROVIDER_PAGING_STYLES = ['cursor', 'page_token', 'next_url', 'link_header', 'offset', 'page_number', 'graphql_cursor', 'none'] as const;

export const providerPagingSchema = z.strictObject({
  style: z.enum(PROVIDER_PAGING_STYLES),
  /** The parameter names in and the fields out, in the vendor's words. */
  notes: z.string().min(10),
  source: provenanceSchema,
});

export type ProviderPaging = z.infer<typeof providerPagingSchema>;
