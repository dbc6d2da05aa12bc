import { REDACTED, redactPayload } from './payload-redaction';

describe('redactPayload', () => {
  it('replaces values under secret-looking keys, at any depth and in any spelling', () => {
    const out = redactPayload({
      channel: 'C123',
      auth: { Password: 'hunter2', api_key: 'k', 'X-Api-Key': 'k2', client_secret: 's', refreshToken: 'r' },
      items: [{ sessionId: 'abc', text: 'hello' }],
    });
    expect(out).toEqual({
      channel: 'C123',
      auth: { Password: REDACTED, api_key: REDACTED, 'X-Api-Key': REDACTED, client_secret: REDACTED, refreshToken: REDACTED },
      items: [{ sessionId: REDACTED, text: 'hello' }],
    });
  });

  it('replaces credential-shaped text wherever it appears, keeping the words around it', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const out = redactPayload({
      text: 'xoxb-1234-5678-abcdef',
      note: 'use ghp_0123456789abcdef to log in',
      header: 'Bearer abc.def.ghi',
      id: jwt,
      key: 'cw_abc_def',
      pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIB...',
      plain: 'just text, a channel C0GENERAL01 and a bearer of news',
    });
    expect(out).toEqual({
      text: REDACTED,
      note: `use ${REDACTED} to log in`,
      header: `Bearer ${REDACTED}`,
      id: REDACTED,
      key: REDACTED,
      pem: REDACTED,
      plain: 'just text, a channel C0GENERAL01 and a bearer of news',
    });
  });

  it("redacts the tenant's own fields on top of the built-in list", () => {
    expect(redactPayload({ ssn: '123-45-6789', customer: { SSN: 'x', name: 'Ada' } }, ['ssn'])).toEqual({
      ssn: REDACTED,
      customer: { SSN: REDACTED, name: 'Ada' },
    });
  });

  it('cuts long strings, long arrays and deep nesting, and omits a payload still too large', () => {
    const limits = { maxStringChars: 5, maxArrayItems: 2, maxDepth: 2, maxBytes: 200 };
    expect(redactPayload({ s: 'abcdefgh', a: [1, 2, 3, 4], deep: { deeper: { deepest: 1 } } }, [], limits)).toEqual({
      s: 'abcde…[+3 chars]',
      a: [1, 2, '[+2 items]'],
      deep: { deeper: '[nested too deep]' },
    });
    expect(redactPayload({ rows: Array.from({ length: 40 }, (_, i) => `row-${i}`) }, [], { ...limits, maxArrayItems: 100 })).toMatch(
      /^\[omitted: \d+ bytes after redaction\]$/,
    );
  });

  it('keeps numbers, booleans and null, and drops what JSON cannot carry', () => {
    expect(redactPayload({ n: 1, b: false, z: null, f: () => 1, u: undefined })).toEqual({ n: 1, b: false, z: null, f: undefined, u: undefined });
  });
});
