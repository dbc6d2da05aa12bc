import { createHmac } from 'node:crypto';
import { jiraVerifier } from './jira';

const BODY = JSON.stringify({ timestamp: 1700000000000, webhookEvent: 'jira:issue_created', issue: { key: 'PROJ-7' } });
const sign = (secret: string, body = BODY) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const request = (headers: Record<string, string>, body = BODY) => ({
  method: 'POST',
  path: '/',
  headers: { 'x-atlassian-webhook-identifier': 'wh-1', ...headers },
  body: Buffer.from(body),
});

describe('jira webhook verifier', () => {
  it('accepts a secret-signed delivery and names it by webhookEvent and issue', () => {
    expect(jiraVerifier.verify(request({ 'x-hub-signature': sign('s3cret') }), ['s3cret'], 0)).toMatchObject({
      ok: true,
      delivery: { deliveryId: 'wh-1', type: 'com.atlassian.jira.issue_created', subject: 'issue/PROJ-7', time: '2023-11-14T22:13:20.000Z' },
    });
  });

  it('refuses a forged signature, and a webhook registered without a secret', () => {
    expect(jiraVerifier.verify(request({ 'x-hub-signature': sign('guess') }), ['s3cret'], 0)).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(jiraVerifier.verify(request({}), ['s3cret'], 0)).toMatchObject({ ok: false, refusal: 'missing_signature' });
  });
});
