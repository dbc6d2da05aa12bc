import { createHmac } from 'node:crypto';
import { slackVerifier } from './slack';
import type { InboundRequest } from './verifier';

// Slack's documented example ("Verifying requests from Slack").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = 1531420618_000 + 30_000;

function request(body: string, headers: Record<string, string>): InboundRequest {
  return { method: 'POST', path: '/', headers, body: Buffer.from(body) };
}
function signed(body: string, timestamp: string, secret = SECRET): InboundRequest {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return request(body, { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp });
}

describe('slack webhook verifier', () => {
  it("accepts Slack's documented example and reads the slash command", () => {
    const result = slackVerifier.verify(request(BODY, { 'x-slack-signature': SIGNATURE, 'x-slack-request-timestamp': TIMESTAMP }), [SECRET], NOW);
    expect(result).toMatchObject({
      ok: true,
      delivery: { type: 'com.slack.slash_command', subject: 'channel/G8PSS9T3V', deliveryId: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c' },
    });
  });

  it('refuses a body changed after signing', () => {
    const result = slackVerifier.verify(
      request(BODY.replace('foobar', 'foobaz'), { 'x-slack-signature': SIGNATURE, 'x-slack-request-timestamp': TIMESTAMP }),
      [SECRET],
      NOW,
    );
    expect(result).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });

  it('refuses a correctly signed delivery replayed after five minutes', () => {
    const result = slackVerifier.verify(
      request(BODY, { 'x-slack-signature': SIGNATURE, 'x-slack-request-timestamp': TIMESTAMP }),
      [SECRET],
      1531420618_000 + 5 * 60_000 + 1,
    );
    expect(result).toMatchObject({ ok: false, refusal: 'stale' });
  });

  it('refuses a delivery without a signature', () => {
    expect(slackVerifier.verify(request(BODY, {}), [SECRET], NOW)).toMatchObject({ ok: false, refusal: 'missing_signature' });
  });

  it('answers url_verification with its challenge once the signature is good', () => {
    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-123' });
    expect(slackVerifier.verify(signed(body, TIMESTAMP), [SECRET], NOW)).toEqual({ ok: true, challenge: 'c-123' });
    expect(slackVerifier.verify(signed(body, TIMESTAMP, 'wrong'), [SECRET], NOW)).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });

  it('reads an Events API callback: event_id, type, channel, time', () => {
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev01',
      event_time: 1531420600,
      event: { type: 'app_mention', channel: 'C1', text: 'hi' },
    });
    expect(slackVerifier.verify(signed(body, TIMESTAMP), [SECRET], NOW)).toMatchObject({
      ok: true,
      delivery: { deliveryId: 'Ev01', type: 'com.slack.app_mention', subject: 'channel/C1', time: '2018-07-12T18:36:40.000Z' },
    });
  });

  it('accepts the previous secret during a rotation', () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev02', event: { type: 'message' } });
    expect(slackVerifier.verify(signed(body, TIMESTAMP, 'old'), ['new', 'old'], NOW)).toMatchObject({ ok: true });
  });
});
