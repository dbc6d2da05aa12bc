import { createHmac } from 'node:crypto';
import { identitySignatureValid } from './identity-signature';

describe("Salesforce's signed identity in token answers", () => {
  const secret = 'client-secret-for-the-test';
  const id = 'https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6e';
  const issuedAt = '1700000000000';
  const signed = {
    id,
    issued_at: issuedAt,
    signature: createHmac('sha256', secret)
      .update(id + issuedAt)
      .digest('base64'),
  };

  it('accepts a signature made with the client secret over id and issued_at', () => {
    expect(identitySignatureValid(signed, secret)).toBe(true);
  });

  it('refuses an altered identity, an altered time or another secret', () => {
    expect(identitySignatureValid({ ...signed, id: `${id}x` }, secret)).toBe(false);
    expect(identitySignatureValid({ ...signed, issued_at: '1700000000001' }, secret)).toBe(false);
    expect(identitySignatureValid(signed, 'another-secret')).toBe(false);
  });

  it('has nothing to say about answers without a signature (every other vendor)', () => {
    expect(identitySignatureValid({ access_token: 'x' }, secret)).toBeUndefined();
  });
});
