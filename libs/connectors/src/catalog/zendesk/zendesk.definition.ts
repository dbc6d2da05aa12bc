import { defineProvider } from '../../definition/define';
import { createTicket } from './actions/create-ticket';
import { deleteTicket } from './actions/delete-ticket';
import { getTicket } from './actions/get-ticket';
import { listTicketComments } from './actions/list-ticket-comments';
import { listTickets } from './actions/list-tickets';
import { updateTicket } from './actions/update-ticket';
import { BASIC_HEADER, BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developer.zendesk.com/api-reference/introduction/rate-limits/';

/**
 * Zendesk Support API on the account's own subdomain, for the API itself and for OAuth:
 * `https://{subdomain}.zendesk.com`. The subdomain is what the admin types in.
 */
export const zendesk = defineProvider({
  id: 'zendesk',
  name: 'Zendesk',
  description: 'Zendesk Support API: tickets, users, organizations, comments and search.',
  docsUrl: 'https://developer.zendesk.com/api-reference/',
  servers: {
    default: {
      url: 'https://{subdomain}.zendesk.com/api/v2',
      description: "The account's own host.",
      source: 'https://developer.zendesk.com/api-reference/introduction/requests/',
    },
  },
  connectionParams: {
    subdomain: { description: 'The account subdomain, `acme` in acme.zendesk.com.', example: 'acme', source: 'admin', pattern: '[a-z0-9][a-z0-9-]*' },
  },
  hosts: ['*.zendesk.com'],
  pagination: {
    style: 'cursor',
    notes: '`page[size]` (up to 100) and `page[after]` in; `meta.has_more`, `meta.after_cursor` and `links.next` out. Offset paging is capped at 100 pages.',
    source: 'https://developer.zendesk.com/api-reference/introduction/pagination/',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Zendesk OAuth client',
      docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://{subdomain}.zendesk.com/oauth/authorizations/new',
      tokenUrl: 'https://{subdomain}.zendesk.com/oauth/tokens',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'json', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes:
        'Scopes such as `read`, `write`, `tickets:read`. The authorization server is per account, so the subdomain must be known before consent. Public clients must use PKCE; access tokens expire and come with refresh tokens (grant-type token endpoint).',
    },
    {
      id: 'api_token',
      type: 'basic',
      label: 'Agent email + API token',
      docsUrl: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/',
      inject: BASIC_HEADER,
      notes: 'The username is `{email}/token` and the password the API token.',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    limitHeader: 'x-rate-limit',
    remainingHeader: 'x-rate-limit-remaining',
    partitioning: 'Per account per minute by plan, plus per-endpoint limits (ticket updates, search, incremental exports).',
  },
  declaredLimits: [
    {
      per: 'account',
      requests: 200,
      windowSeconds: 60,
      appliesTo: 'Support Team plan; Growth and Professional 400, Enterprise 700, High Volume API add-on 2,500',
      source: RATE_LIMITS_DOC,
    },
  ],
  errors: {
    source: 'https://developer.zendesk.com/api-reference/ticketing/introduction/',
    // `{ error: "RecordInvalid", description, details: { field: [{ description }] } }` or `{ error: { title, message } }`.
    envelope: { codePaths: ['error.title', 'error'], messagePaths: ['description', 'error.message', 'error'], fieldPaths: ['details.@firstKey'] },
    rules: [
      { when: { vendorCodes: ['RecordNotFound'] }, code: 'upstream_not_found', because: 'no such record in this account' },
      { when: { vendorCodes: ['RecordInvalid'] }, code: 'upstream_invalid_request', because: 'a field failed validation; details names it' },
      { when: { status: [409] }, code: 'upstream_conflict', because: 'a concurrent update to the same ticket' },
    ],
  },
  actions: [listTickets, getTicket, createTicket, updateTicket, listTicketComments, deleteTicket],
  sourceFile: __filename,
});
