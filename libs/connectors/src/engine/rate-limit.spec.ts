import { catalog } from '../catalog';
import { parseLinkHeader } from './link-header';
import { parseRetryAfter, readRateLimit } from './rate-limit';

const now = Date.UTC(2026, 0, 1, 1, 0, 0);
const signals = (provider: string) => catalog.provider(provider)!.rateLimitSignals;

describe('reading rate-limit signals', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('reads Jira: ISO 8601 reset, remaining, limit and RateLimit-Reason', () => {
    expect(
      readRateLimit(
        signals('jira'),
        {
          'retry-after': '1',
          'x-ratelimit-limit': '350',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '2026-01-01T01:01:01Z',
          'ratelimit-reason': 'jira-burst-based',
        },
        now,
      ),
    ).toEqual({ limited: false, retryAfterMs: 1000, resetAt: Date.UTC(2026, 0, 1, 1, 1, 1), remaining: 0, limit: 350, reason: 'jira-burst-based' });
  });

  it('reads GitHub: epoch-seconds reset and the resource bucket', () => {
    expect(
      readRateLimit(
        signals('github'),
        { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(now / 1000 + 60), 'x-ratelimit-resource': 'core' },
        now,
      ),
    ).toEqual({
      limited: false,
      resetAt: now + 60_000,
      remaining: 4999,
      limit: 5000,
      scope: 'core',
    });
  });

  it('reads Contentful: reset as seconds until a request is accepted', () => {
    expect(
      readRateLimit(
        signals('contentful'),
        { 'x-contentful-ratelimit-reset': '2', 'x-contentful-ratelimit-second-limit': '7', 'x-contentful-ratelimit-second-remaining': '0' },
        now,
      ),
    ).toMatchObject({
      resetAt: now + 2000,
      remaining: 0,
      limit: 7,
    });
  });

  it('reads Salesforce: used/limit from Sforce-Limit-Info', () => {
    expect(readRateLimit(signals('salesforce'), { 'sforce-limit-info': 'api-usage=18/5000' }, now)).toEqual({
      limited: false,
      remaining: 4982,
      limit: 5000,
      scope: 'sforce-limit-info',
    });
  });

  it('says nothing when a response carries no signal', () => {
    expect(readRateLimit(signals('slack'), {}, now)).toBeUndefined();
  });

  it('parses a GitHub Link header', () => {
    const header =
      '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"';
    expect(parseLinkHeader(header)).toEqual({
      prev: 'https://api.github.com/repositories/1300192/issues?page=2',
      next: 'https://api.github.com/repositories/1300192/issues?page=4',
      last: 'https://api.github.com/repositories/1300192/issues?page=515',
      first: 'https://api.github.com/repositories/1300192/issues?page=1',
    });
  });
});
