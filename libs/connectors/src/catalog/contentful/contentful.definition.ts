import { defineProvider } from '../../definition/define';
import { createEntry } from './actions/create-entry';
import { deleteEntry } from './actions/delete-entry';
import { getEntry } from './actions/get-entry';
import { getPublishedEntry } from './actions/get-published-entry';
import { publishEntry } from './actions/publish-entry';
import { searchEntries } from './actions/search-entries';
import { searchPublishedEntries } from './actions/search-published-entries';
import { updateEntry } from './actions/update-entry';

/**
 * Contentful: the Content Management API (api.contentful.com) for drafts and writes, and the
 * Content Delivery API (cdn.contentful.com) for published content. They need different tokens,
 * so delivery actions accept only the `delivery_api_key` auth mode.
 * Sources: /work/shared/vendors/contentful.md.
 */
export const contentful = defineProvider({
  id: 'contentful',
  name: 'Contentful',
  description: 'Contentful headless CMS: search, read, create, update, publish and delete entries; read live content from the Delivery API.',
  docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/',
  servers: {
    default: {
      url: 'https://api.contentful.com',
      description: 'Content Management API (drafts, versions, writes).',
      source: 'https://www.contentful.com/developers/docs/references/content-management-api/',
    },
    delivery: {
      url: 'https://cdn.contentful.com',
      description: 'Content Delivery API (published content, CDN-cached).',
      source: 'https://www.contentful.com/developers/docs/references/content-delivery-api/',
    },
  },
  connectionParams: {},
  hosts: ['api.contentful.com', 'cdn.contentful.com', 'be.contentful.com'],
  pagination: {
    style: 'offset',
    notes: '`skip` and `limit` (up to 1000) in; `items`, `skip`, `limit`, `total` out.',
    source: 'https://www.contentful.com/developers/docs/references/content-delivery-api/#/introduction/collection-resources-and-pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_implicit',
      label: 'Contentful OAuth app',
      docsUrl: 'https://www.contentful.com/developers/docs/extensibility/oauth/',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://be.contentful.com/oauth/authorize',
      // Used by Contentful's own web app on logout: form `token=…` with the token as Bearer.
      revokeUrl: 'https://be.contentful.com/oauth/revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'bearer' },
      scopeSeparator: ' ',
      notes:
        'Implicit grant: the token arrives in the redirect URI fragment (#access_token=…). There is no refresh token; an invalid token needs a new consent. Revocation: POST be.contentful.com/oauth/revoke (the web app also sends client_id; not required here).',
    },
    {
      id: 'personal_access_token',
      type: 'bearer_token',
      label: 'Contentful personal access token (CFPAT-…)',
      docsUrl: 'https://www.contentful.com/help/personal-access-tokens/',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
    },
    {
      id: 'delivery_api_key',
      type: 'api_key',
      label: 'Content Delivery API key',
      docsUrl: 'https://www.contentful.com/developers/docs/references/authentication/',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      server: 'delivery',
    },
  ],
  rateLimitSignals: {
    source: 'https://www.contentful.com/developers/docs/references/content-management-api/#/introduction/api-rate-limits',
    reset: { header: 'x-contentful-ratelimit-reset', format: 'seconds_until' },
    remainingHeader: 'x-contentful-ratelimit-second-remaining',
    limitHeader: 'x-contentful-ratelimit-second-limit',
    partitioning: 'Per organization per second (management: about 7 rps by default, plan-dependent) and per hour; cached delivery requests do not count.',
  },
  declaredLimits: [
    {
      per: 'organization',
      requests: 7,
      windowSeconds: 1,
      appliesTo: 'Content Management API',
      source: 'https://www.contentful.com/developers/docs/technical-limits/',
    },
    {
      per: 'organization',
      requests: 55,
      windowSeconds: 1,
      appliesTo: 'Content Delivery API (uncached)',
      source: 'https://www.contentful.com/developers/docs/technical-limits/',
    },
  ],
  errors: {
    source: 'https://www.contentful.com/developers/docs/references/errors/',
    envelope: { codePaths: ['sys.id'], messagePaths: ['details.errors.0.details', 'message'], fieldPaths: ['details.errors.0.path'] },
    rules: [
      {
        when: { vendorCodes: ['AccessTokenInvalid'] },
        code: 'needs_reauth',
        authExpired: true,
        because: 'the token is unknown, expired or revoked (sometimes sent with 403)',
      },
      { when: { vendorCodes: ['VersionMismatch'] }, code: 'upstream_conflict', because: 'X-Contentful-Version did not equal the current sys.version' },
      { when: { vendorCodes: ['NotFound'] }, code: 'upstream_not_found', because: 'no such space, environment, content type or entry' },
      { when: { vendorCodes: ['AccessDenied'] }, code: 'upstream_forbidden', because: "the token's role does not allow it" },
      { when: { vendorCodes: ['RateLimitExceeded'] }, code: 'upstream_rate_limited', because: 'per-second or hourly organization limit' },
      {
        when: { vendorCodes: ['ValidationFailed', 'InvalidQuery', 'BadRequest', 'UnknownField', 'InvalidEntry', 'UnresolvedLinks'] },
        code: 'upstream_invalid_request',
        because: 'the payload or query is wrong',
      },
      {
        when: { vendorCodes: ['Hibernated', 'ServiceUnavailable'] },
        code: 'upstream_unavailable',
        because: 'the space is hibernated or Contentful is unavailable',
      },
    ],
  },
  actions: [searchEntries, getEntry, createEntry, updateEntry, publishEntry, deleteEntry, searchPublishedEntries, getPublishedEntry],
  // Content Management API (https://www.contentful.com/developers/docs/references/content-management-api/):
  // GET reads; DELETE removes entries and assets, and DELETE .../published unpublishes them.
  proxy: {
    reads: ['GET /**', 'HEAD /**'],
    destructive: ['DELETE /**'],
  },
  sourceFile: __filename,
});
