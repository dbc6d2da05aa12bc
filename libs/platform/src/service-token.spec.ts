import type { ExecutionContext } from '@nestjs/common';
import { AppError } from './app-error';
import { ServiceTokenGuard, serviceTokenMatches } from './service-token';

const TOKEN = 'service-token-0123456789abcdefghijklmnopqrstuv';

describe('serviceTokenMatches (the one check of every internal API)', () => {
  it('accepts the configured token as a bearer token, in any case of the scheme', () => {
    expect(serviceTokenMatches(TOKEN, `Bearer ${TOKEN}`)).toBe(true);
    expect(serviceTokenMatches(TOKEN, `bearer ${TOKEN}`)).toBe(true);
    expect(serviceTokenMatches(TOKEN, [`Bearer ${TOKEN}`])).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another token', 'Bearer not-the-token'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token in another scheme', `Basic ${TOKEN}`],
    ['the bare token', TOKEN],
  ])('refuses %s', (_what, header) => {
    expect(serviceTokenMatches(TOKEN, header)).toBe(false);
  });

  it('fails closed when no token is configured: nothing matches, not even an empty bearer', () => {
    expect(serviceTokenMatches(undefined, `Bearer ${TOKEN}`)).toBe(false);
    expect(serviceTokenMatches('', 'Bearer ')).toBe(false);
  });
});

describe('ServiceTokenGuard', () => {
  const context = (url: string, authorization?: string) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ url, headers: authorization ? { authorization } : {} }) }) }) as unknown as ExecutionContext;

  it('lets the service token through and refuses anything else with the contract 401', () => {
    const guard = new ServiceTokenGuard(TOKEN);
    expect(guard.canActivate(context('/internal/x', `Bearer ${TOKEN}`))).toBe(true);
    expect(() => guard.canActivate(context('/internal/x', 'Bearer nope'))).toThrow(expect.objectContaining({ code: 'unauthenticated' }) as AppError);
  });

  it('leaves its open paths open, whatever the query, and nothing else', () => {
    const guard = new ServiceTokenGuard(TOKEN, ['/healthz', '/metrics']);
    expect(guard.canActivate(context('/healthz'))).toBe(true);
    expect(guard.canActivate(context('/metrics?x=1'))).toBe(true);
    expect(() => guard.canActivate(context('/healthz/../v1/tenants'))).toThrow(AppError);
  });

  it('refuses every caller when the service runs without a token', () => {
    expect(() => new ServiceTokenGuard(undefined).canActivate(context('/internal/x', 'Bearer anything'))).toThrow(AppError);
  });
});
