import { isLoopback, providerUrlProblem } from './provider-url';

describe('identity-provider URLs', () => {
  it.each(['localhost', 'localhost.', '127.0.0.1', '127.9.9.9', '0.0.0.0', '[::1]', '[::]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])(
    'knows %s as this machine, so plain http is left to the egress guard to refuse with its one answer',
    (host) => {
      expect(isLoopback(host)).toBe(true);
      expect(providerUrlProblem(`http://${host}:8080/`)).toBeNull();
    },
  );

  it.each(['example.com', '10.0.0.1', '[::ffff:a00:1]', '[2001:db8::1]', 'localhost.example.com'])('asks https of %s', (host) => {
    expect(isLoopback(host)).toBe(false);
    expect(providerUrlProblem(`http://${host}/`)).toMatch(/must use https/);
  });
});
