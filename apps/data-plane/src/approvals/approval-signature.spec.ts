import { createHmac } from 'node:crypto';
import { signApprovalPayload, verifyApprovalSignature } from './approval-signature';

describe('approval webhook signatures', () => {
  const secret = 'whsec-0123456789abcdef0123456789abcdef';
  const body = JSON.stringify({ type: 'approval.requested', approval: { id: 'a1' } });

  it('is HMAC-SHA-256 over "<timestamp>.<raw body>", hex, with the timestamp beside it', () => {
    const header = signApprovalPayload(secret, body, 1_795_000_000);
    expect(header).toBe(`t=1795000000,v1=${createHmac('sha256', secret).update(`1795000000.${body}`).digest('hex')}`);
  });

  it('verifies a fresh signature and refuses a changed body, another secret, an old timestamp or garbage', () => {
    const now = 1_795_000_000;
    const header = signApprovalPayload(secret, body, now);
    expect(verifyApprovalSignature(secret, body, header, now + 10)).toBe(true);
    expect(verifyApprovalSignature(secret, `${body} `, header, now)).toBe(false);
    expect(verifyApprovalSignature(`${secret}x`, body, header, now)).toBe(false);
    expect(verifyApprovalSignature(secret, body, header, now + 301)).toBe(false);
    expect(verifyApprovalSignature(secret, body, 't=abc,v1=00', now)).toBe(false);
    expect(verifyApprovalSignature(secret, body, undefined, now)).toBe(false);
  });
});
