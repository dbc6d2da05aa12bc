import { createHmac } from 'node:crypto';
import { githubVerifier } from './github';

const SECRET = "It's a Secret to Everybody";

function delivery(body: string, signature: string | undefined, event = 'pull_request') {
  const headers: Record<string, string> = { 'x-github-delivery': 'd-1', 'x-github-event': event };
  if (signature) headers['x-hub-signature-256'] = signature;
  return { method: 'POST', path: '/', headers, body: Buffer.from(body) };
}
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('github webhook verifier', () => {
  it('computes GitHub\'s documented test value (secret "It\'s a Secret to Everybody", payload "Hello, World!")', () => {
    expect(sign('Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('accepts a signed pull request event and names it by event and action', () => {
    const body = JSON.stringify({ action: 'opened', pull_request: { number: 42 }, repository: { full_name: 'acme/api' } });
    expect(githubVerifier.verify(delivery(body, sign(body)), [SECRET], 0)).toMatchObject({
      ok: true,
      delivery: { deliveryId: 'd-1', type: 'com.github.pull_request.opened', subject: 'acme/api#42' },
    });
  });

  it('refuses a forged signature and a missing one', () => {
    const body = JSON.stringify({ action: 'opened' });
    expect(githubVerifier.verify(delivery(body, sign(body, 'guess')), [SECRET], 0)).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(githubVerifier.verify(delivery(body, undefined), [SECRET], 0)).toMatchObject({ ok: false, refusal: 'missing_signature' });
  });

  it('refuses a signed delivery without a delivery id (nothing to deduplicate on)', () => {
    const body = JSON.stringify({ zen: 'hi' });
    const request = { method: 'POST', path: '/', headers: { 'x-hub-signature-256': sign(body), 'x-github-event': 'ping' }, body: Buffer.from(body) };
    expect(githubVerifier.verify(request, [SECRET], 0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });
});
