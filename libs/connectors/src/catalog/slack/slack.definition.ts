import { defineProvider } from '../../definition/define';
import { addReaction } from './actions/add-reaction';
import { deleteMessage } from './actions/delete-message';
import { getChannelHistory } from './actions/get-channel-history';
import { listChannels } from './actions/list-channels';
import { postMessage } from './actions/post-message';
import { replyInThread } from './actions/reply-in-thread';

const RATE_LIMITS_DOC = 'https://docs.slack.dev/apis/web-api/rate-limits';

/**
 * Slack Web API. Failures arrive as HTTP 200 with `ok: false` and a short code; only rate
 * limiting uses a real status (429 + Retry-After in seconds). Sources: /work/shared/vendors/slack.md.
 */
export const slack = defineProvider({
  id: 'slack',
  name: 'Slack',
  description: 'Slack Web API: post and read messages, list channels, react, as a Slack app installed in a workspace.',
  docsUrl: 'https://docs.slack.dev/apis/web-api',
  servers: {
    default: {
      url: 'https://slack.com/api',
      description: 'Every Web API method is https://slack.com/api/<method>.',
      source: 'https://docs.slack.dev/apis/web-api',
    },
  },
  connectionParams: {},
  hosts: ['slack.com'],
  pagination: {
    style: 'cursor',
    notes: '`cursor` and `limit` in; `response_metadata.next_cursor` out, an empty string on the last page.',
    source: 'https://docs.slack.dev/apis/web-api/pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Slack app (bot token)',
      docsUrl: 'https://docs.slack.dev/authentication/installing-with-oauth',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      revokeUrl: 'https://slack.com/api/auth.revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'bearer' },
      pkce: 'supported',
      scopeSeparator: ',',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: {
        okPath: 'ok',
        errorPath: 'error',
        accessTokenPath: 'access_token',
        refreshTokenPath: 'refresh_token',
        expiresInPath: 'expires_in',
        scopePath: 'scope',
      },
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      accessTokenLifetimeSeconds: 43200,
      notes:
        'oauth.v2.access answers HTTP 200 with ok:false on failure. Token rotation is opt-in per app: then access tokens expire after 12 h and each refresh token works once.',
    },
    {
      id: 'oauth2_user',
      type: 'oauth2_authorization_code',
      label: 'Slack user token',
      docsUrl: 'https://docs.slack.dev/authentication/installing-with-oauth',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      revokeUrl: 'https://slack.com/api/auth.revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'bearer' },
      pkce: 'supported',
      scopeSeparator: ',',
      scopeParam: 'user_scope',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      // The code exchange nests the user token under `authed_user`; a refresh answers flat.
      tokenResponse: {
        okPath: 'ok',
        errorPath: 'error',
        accessTokenPath: 'authed_user.access_token',
        refreshTokenPath: 'authed_user.refresh_token',
        expiresInPath: 'authed_user.expires_in',
        scopePath: 'authed_user.scope',
      },
      refreshResponse: {
        okPath: 'ok',
        errorPath: 'error',
        accessTokenPath: 'access_token',
        refreshTokenPath: 'refresh_token',
        expiresInPath: 'expires_in',
        scopePath: 'scope',
      },
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      accessTokenLifetimeSeconds: 43200,
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per Web API method, per workspace, per app, in per-minute tiers; chat.postMessage about 1 message/second/channel.',
  },
  declaredLimits: [
    { per: 'connection+channel', requests: 1, windowSeconds: 1, appliesTo: 'chat.postMessage (short bursts tolerated)', source: RATE_LIMITS_DOC },
    { per: 'connection+method', requests: 20, windowSeconds: 60, appliesTo: 'Tier 2: conversations.list', source: RATE_LIMITS_DOC },
    {
      per: 'connection+method',
      requests: 50,
      windowSeconds: 60,
      appliesTo: 'Tier 3: conversations.history, reactions.add, chat.delete',
      source: RATE_LIMITS_DOC,
    },
  ],
  errors: {
    source: 'https://docs.slack.dev/apis/web-api/#responses',
    envelope: {
      okPath: 'ok',
      codePaths: ['error'],
      messagePaths: ['response_metadata.messages.0', 'needed', 'error'],
      fieldPaths: [],
    },
    rules: [
      { when: { vendorCodes: ['token_expired'] }, code: 'needs_reauth', authExpired: true, because: 'rotating tokens expire after 12 h; a refresh fixes it' },
      {
        when: { vendorCodes: ['invalid_auth'] },
        code: 'needs_reauth',
        authExpired: true,
        because: 'Slack has answered invalid_auth for expired workspace tokens (changelog 2018); one refresh is worth trying',
      },
      {
        when: { vendorCodes: ['not_authed', 'token_revoked', 'account_inactive', 'team_added_to_org'] },
        code: 'needs_reauth',
        because: 'the grant is gone: a human must reinstall or reconnect',
      },
      {
        when: {
          vendorCodes: [
            'missing_scope',
            'not_allowed_token_type',
            'no_permission',
            'not_in_channel',
            'is_archived',
            'restricted_action',
            'ekm_access_denied',
            'two_factor_setup_required',
          ],
        },
        code: 'upstream_forbidden',
        because: 'the caller may not do this here; retrying will not help',
      },
      {
        when: { vendorCodes: ['channel_not_found', 'message_not_found', 'thread_not_found', 'users_not_found', 'team_not_found'] },
        code: 'upstream_not_found',
        because: 'the referenced object does not exist or is invisible to the app',
      },
      { when: { vendorCodes: ['already_reacted'] }, code: 'upstream_conflict', because: 'the reaction is already there' },
      {
        when: { vendorCodes: ['ratelimited', 'rate_limited', 'message_limit_exceeded'] },
        code: 'upstream_rate_limited',
        because: 'Slack reports some limits in the body rather than as 429',
      },
      { when: { vendorCodes: ['request_timeout'] }, code: 'upstream_timeout', because: 'Slack timed out handling the request' },
      { when: { vendorCodes: ['service_unavailable'] }, code: 'upstream_unavailable', because: 'Slack is down or degraded' },
      { when: { vendorCodes: ['internal_error', 'fatal_error'] }, code: 'upstream_error', because: 'Slack failed on its side' },
      {
        when: { status: [200] },
        code: 'upstream_invalid_request',
        because: 'every other ok:false code is about the arguments (no_text, invalid_blocks, invalid_cursor …)',
      },
    ],
  },
  actions: [postMessage, replyInThread, getChannelHistory, listChannels, addReaction, deleteMessage],
  // Raw Web API methods (https://docs.slack.dev/reference/methods): reads are the *.list /
  // *.info / *.history / *.replies methods; chat.delete, files.delete and
  // conversations.archive remove what people wrote or shared.
  proxy: {
    reads: [
      '* /conversations.list',
      '* /conversations.info',
      '* /conversations.history',
      '* /conversations.replies',
      '* /conversations.members',
      '* /users.list',
      '* /users.info',
      '* /auth.test',
      '* /reactions.get',
      '* /team.info',
    ],
    destructive: [
      '* /chat.delete',
      '* /chat.deleteScheduledMessage',
      '* /files.delete',
      '* /conversations.archive',
      '* /bookmarks.remove',
      '* /pins.remove',
      '* /reactions.remove',
    ],
  },
  sourceFile: __filename,
});
