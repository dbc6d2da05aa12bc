import { catalog } from '../catalog';
import { normalizeUpstreamError } from './normalize-error';

const now = Date.UTC(2026, 0, 1);

function normalize(providerId: string, status: number, body: unknown, headers: Record<string, string> = {}) {
  const provider = catalog.provider(providerId)!;
  return normalizeUpstreamError(provider.name, provider.errors, { status, headers, body }, undefined, now).error;
}

/** The mapping table of docs/connectors.md, as executable examples (recorded vendor bodies). */
describe('vendor error -> contract code', () => {
  it.each([
    ['slack', 200, { ok: false, error: 'channel_not_found' }, {}, 'upstream_not_found', false],
    ['slack', 200, { ok: false, error: 'token_expired' }, {}, 'needs_reauth', true],
    ['slack', 200, { ok: false, error: 'invalid_auth' }, {}, 'needs_reauth', true],
    ['slack', 200, { ok: false, error: 'token_revoked' }, {}, 'needs_reauth', false],
    ['slack', 200, { ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'channels:read' }, {}, 'upstream_forbidden', false],
    ['slack', 200, { ok: false, error: 'invalid_blocks' }, {}, 'upstream_invalid_request', false],
    ['slack', 200, { ok: false, error: 'ratelimited' }, {}, 'upstream_rate_limited', false],
    ['jira', 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} }, {}, 'upstream_not_found', false],
    ['jira', 400, { errorMessages: [], errors: { project: 'Specify a valid project ID or key' } }, {}, 'upstream_invalid_request', false],
    ['jira', 401, { code: 401, message: 'Unauthorized; scope does not match' }, {}, 'needs_reauth', false],
    ['jira', 401, { code: 401, message: 'Unauthorized' }, {}, 'needs_reauth', true],
    ['jira', 413, { errorMessages: ['Too many writes to this issue'], errors: {} }, {}, 'upstream_rate_limited', false],
    ['salesforce', 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], {}, 'needs_reauth', true],
    ['salesforce', 401, [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }], {}, 'needs_reauth', false],
    ['salesforce', 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {}, 'upstream_rate_limited', false],
    [
      'salesforce',
      403,
      [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }],
      {},
      'upstream_forbidden',
      false,
    ],
    [
      'salesforce',
      400,
      [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }],
      {},
      'upstream_invalid_request',
      false,
    ],
    ['contentful', 409, { sys: { type: 'Error', id: 'VersionMismatch' } }, {}, 'upstream_conflict', false],
    [
      'contentful',
      401,
      { sys: { type: 'Error', id: 'AccessTokenInvalid' }, message: 'The access token you sent could not be found or is invalid.' },
      {},
      'needs_reauth',
      true,
    ],
    ['contentful', 403, { sys: { type: 'Error', id: 'AccessTokenInvalid' } }, {}, 'needs_reauth', true],
    [
      'contentful',
      422,
      { sys: { type: 'Error', id: 'ValidationFailed' }, message: 'Validation error', details: { errors: [{ name: 'type', path: ['fields', 'isActive'] }] } },
      {},
      'upstream_invalid_request',
      false,
    ],
    ['github', 403, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0' }, 'upstream_rate_limited', false],
    [
      'github',
      403,
      { message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.' },
      { 'x-ratelimit-remaining': '4000' },
      'upstream_rate_limited',
      false,
    ],
    ['github', 403, { message: 'Resource not accessible by personal access token' }, { 'x-ratelimit-remaining': '4000' }, 'upstream_forbidden', false],
    ['github', 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, {}, 'needs_reauth', true],
    [
      'github',
      422,
      { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for o:b.' }] },
      {},
      'upstream_conflict',
      false,
    ],
    ['github', 409, { message: 'a.md does not match fad77a29bdeb9e421cdeb889da9e591f742735ad' }, {}, 'upstream_conflict', false],
  ])('%s %i %j -> %s', (provider, status, body, headers, code, authExpired) => {
    const error = normalize(provider, status, body, headers);
    expect(error.code).toBe(code);
    expect(error.authExpired ?? false).toBe(authExpired);
  });

  it('names the field Jira complains about', () => {
    expect(normalize('jira', 400, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } })).toMatchObject({
      field: 'summary',
      message: expect.stringContaining('You must specify a summary'),
    });
  });

  it('joins a Contentful error path into a field', () => {
    expect(
      normalize('contentful', 422, {
        sys: { type: 'Error', id: 'ValidationFailed' },
        details: { errors: [{ path: ['fields', 'title', 'en-US'], details: 'expected Symbol' }] },
      }).field,
    ).toBe('fields.title.en-US');
  });

  it('suggests a minute for GitHub secondary limits without retry-after', () => {
    expect(normalize('github', 403, { message: 'You have exceeded a secondary rate limit.' }).retryAfterMs).toBe(60_000);
  });

  it('falls back on the HTTP status for bodies it cannot read (an HTML error page)', () => {
    expect(normalize('jira', 502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'upstream_error', retryable: true, upstreamStatus: 502 });
    expect(normalize('jira', 504, '')).toMatchObject({ code: 'upstream_timeout' });
  });
});
