import { clientAddress, trustedProxies } from './client-address';

describe('the client address of a sign-in attempt', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '::1/128']);

  it('is the peer when the peer is no trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '198.51.100.1', trustedProxies([]))).toBe('203.0.113.9');
  });

  it('is the nearest untrusted hop behind trusted proxies', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1', proxies)).toBe('198.51.100.1');
    // A client-sent hop on the left cannot pick the address: the right-most untrusted one wins.
    expect(clientAddress('10.0.0.2', '1.2.3.4, 198.51.100.1, 10.0.0.7', proxies)).toBe('198.51.100.1');
    expect(clientAddress('::1', ['198.51.100.1'], proxies)).toBe('198.51.100.1');
  });

  it('reads IPv4-mapped IPv6 peers as IPv4', () => {
    expect(clientAddress('::ffff:10.0.0.2', '198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('falls back to the proxy itself when the header is missing or garbled', () => {
    expect(clientAddress('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'not-an-address', proxies)).toBe('10.0.0.2');
  });
});
