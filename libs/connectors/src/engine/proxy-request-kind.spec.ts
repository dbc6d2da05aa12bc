import { catalog } from '../catalog';
import { proxyRequestKind, proxyResult } from './proxy-request-kind';

const slack = catalog.provider('slack')!;
const github = catalog.provider('github')!;

describe('proxyRequestKind', () => {
  it("classifies Slack's chat.delete as destructive and conversations.history as a read, whatever the method", () => {
    expect(proxyRequestKind(slack, 'POST', '/chat.delete')).toEqual({ sideEffect: 'destructive', template: 'POST /chat.delete' });
    expect(proxyRequestKind(slack, 'get', '/conversations.history')).toEqual({ sideEffect: 'read', template: 'GET /conversations.history' });
  });

  it('counts a request no pattern declares as a write', () => {
    expect(proxyRequestKind(slack, 'POST', '/chat.postMessage').sideEffect).toBe('write');
    expect(proxyRequestKind(github, 'POST', '/repos/acme/api/issues').sideEffect).toBe('write');
  });

  it('matches `**` to any rest of the path, and none', () => {
    expect(proxyRequestKind(github, 'DELETE', '/repos/acme/api').sideEffect).toBe('destructive');
    expect(proxyRequestKind(github, 'DELETE', '/repos/acme/api/git/refs/heads/main').sideEffect).toBe('destructive');
    expect(proxyRequestKind(github, 'GET', '/').sideEffect).toBe('read');
  });

  it('names an undeclared path in the audit trail without its ids', () => {
    expect(proxyRequestKind(github, 'POST', '/repos/acme-42/api/issues/17/comments').template).toBe('POST /repos/{}/api/issues/{}/comments');
    expect(proxyRequestKind(slack, 'POST', '/users.profile.set').template).toBe('POST /users.profile.set');
  });
});

describe('proxyResult', () => {
  const answer = (status: number, headers: Record<string, string> = {}) =>
    proxyResult(slack, { status, headers, body: Buffer.from('{"ok":true}') }, Date.now());

  it("passes the upstream's answer through, 4xx included", () => {
    expect(answer(200)).toMatchObject({ ok: true, upstreamStatus: 200, data: { status: 200, bodyBase64: Buffer.from('{"ok":true}').toString('base64') } });
    expect(answer(404)).toMatchObject({ ok: true, upstreamStatus: 404 });
  });

  it('turns 429 into upstream_rate_limited with its Retry-After and a hold, 5xx into upstream_unavailable, 401 into a refresh', () => {
    expect(answer(429, { 'retry-after': '3' })).toMatchObject({
      ok: false,
      error: { code: 'upstream_rate_limited', retryAfterMs: 3000, upstreamStatus: 429 },
      rateLimit: { limited: true, retryAfterMs: 3000 },
    });
    expect(answer(503)).toMatchObject({ ok: false, error: { code: 'upstream_unavailable', retryable: true, upstreamStatus: 503 } });
    expect(answer(401)).toMatchObject({ ok: false, error: { authExpired: true } });
  });
});
