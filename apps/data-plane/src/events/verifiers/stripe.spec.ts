import { createHmac } from 'node:crypto';
import { parseStripeSignature, stripeVerifier } from './stripe';

const T = 1700000000;
const NOW = T * 1000 + 10_000;
const BODY = JSON.stringify({ id: 'evt_1', type: 'invoice.payment_failed', created: T, data: { object: { id: 'in_9' } } });
const v1 = (secret: string, t = T, body = BODY) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const request = (header: string, body = BODY) => ({ method: 'POST', path: '/', headers: { 'stripe-signature': header }, body: Buffer.from(body) });

describe('stripe webhook verifier', () => {
  it('parses t and every v1 of the header, ignoring v0', () => {
    expect(parseStripeSignature('t=1,v1=aa,v0=zz,v1=bb')).toEqual({ timestamp: '1', signatures: ['aa', 'bb'] });
  });

  it('accepts a signed event and reads id, type, object and time', () => {
    expect(stripeVerifier.verify(request(`t=${T},v1=${v1('whsec_a')}`), ['whsec_a'], NOW)).toMatchObject({
      ok: true,
      delivery: { deliveryId: 'evt_1', type: 'com.stripe.invoice.payment_failed', subject: 'in_9', time: '2023-11-14T22:13:20.000Z' },
    });
  });

  it('accepts any of several v1 signatures during a secret rotation', () => {
    const header = `t=${T},v1=${v1('whsec_old')},v1=${v1('whsec_new')}`;
    expect(stripeVerifier.verify(request(header), ['whsec_new'], NOW)).toMatchObject({ ok: true });
  });

  it('refuses a forged signature', () => {
    expect(stripeVerifier.verify(request(`t=${T},v1=${v1('whsec_x')}`), ['whsec_a'], NOW)).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });

  it('refuses a replay outside the five-minute tolerance even with a good signature', () => {
    expect(stripeVerifier.verify(request(`t=${T},v1=${v1('whsec_a')}`), ['whsec_a'], T * 1000 + 5 * 60_000 + 1)).toMatchObject({ ok: false, refusal: 'stale' });
  });

  it('refuses a timestamp swapped into an old signature', () => {
    expect(stripeVerifier.verify(request(`t=${T + 100},v1=${v1('whsec_a')}`), ['whsec_a'], NOW)).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });
});
