import { createHmac } from 'node:crypto';
import { contentfulCanonicalRequest, contentfulVerifier } from './contentful';

const SECRET = 'a'.repeat(64);
const TS = '1700000000000';
const BODY = JSON.stringify({ sys: { id: 'entry-1', version: 3, updatedAt: '2023-11-14T22:13:20.000Z' } });

function signedRequest(secret = SECRET, timestamp = TS) {
  const headers: Record<string, string> = {
    'x-contentful-topic': 'ContentManagement.Entry.publish',
    'x-contentful-timestamp': timestamp,
    'x-contentful-signed-headers': 'x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic',
  };
  // The canonical request as Contentful's toolkit documents it, written out by hand.
  const canonical = [
    'POST',
    '/v1/webhooks/t/c',
    `x-contentful-signed-headers:${headers['x-contentful-signed-headers']};x-contentful-timestamp:${timestamp};x-contentful-topic:ContentManagement.Entry.publish`,
    BODY,
  ].join('\n');
  headers['x-contentful-signature'] = createHmac('sha256', secret).update(canonical).digest('hex');
  return { method: 'POST', path: '/v1/webhooks/t/c', headers, body: Buffer.from(BODY) };
}

describe('contentful webhook verifier', () => {
  it('builds the canonical request: method, encoded path, sorted lower-cased signed headers, body', () => {
    const canonical = contentfulCanonicalRequest({ method: 'post', path: '/a b?x=1&y=2', headers: { 'x-b': ' 2 ', 'x-a': '1' }, body: Buffer.from('{}') }, [
      'X-B',
      'x-a',
    ]);
    // The toolkit escapes the query, then encodeURI()s the whole: `%` of the escape becomes `%25`.
    expect(canonical).toBe('POST\n/a%20b?x%253D1%2526y%253D2\nx-a:1;x-b:2\n{}');
  });

  it('accepts a signed publish and names it entry.publish about the entry', () => {
    expect(contentfulVerifier.verify(signedRequest(), [SECRET], Number(TS) + 1000)).toMatchObject({
      ok: true,
      delivery: { deliveryId: 'ContentManagement.Entry.publish:entry-1:3', type: 'com.contentful.entry.publish', subject: 'entry/entry-1' },
    });
  });

  it('refuses a forged signature and a stale timestamp', () => {
    expect(contentfulVerifier.verify(signedRequest('b'.repeat(64)), [SECRET], Number(TS))).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(contentfulVerifier.verify(signedRequest(), [SECRET], Number(TS) + 61_000)).toMatchObject({ ok: false, refusal: 'stale' });
  });

  it('refuses a delivery whose signed topic was changed', () => {
    const request = signedRequest();
    request.headers['x-contentful-topic'] = 'ContentManagement.Entry.delete';
    expect(contentfulVerifier.verify(request, [SECRET], Number(TS))).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });
});
