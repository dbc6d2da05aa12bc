import { createHmac } from 'node:crypto';
import type { CloudEvent } from '@causeway/contracts';
import type { SecretStore } from '@causeway/secrets';
import { WebhookIngest } from './webhook-ingest';
import { WebhookSecrets } from './webhook-secrets';

/** A secret store holding one connection's webhook secret, counting reads. */
function storeWith(initial: string | undefined) {
  let secret = initial;
  const store = {
    reads: 0,
    set: (value: string) => (secret = value),
    read: async () => {
      store.reads++;
      return secret ? { data: { secret }, version: 1 } : null;
    },
  };
  return store;
}

function githubDelivery(secret: string, id: string) {
  const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
  return {
    method: 'POST',
    path: '/v1/webhooks/t/c',
    headers: { 'x-github-event': 'ping', 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
    body: Buffer.from(body),
  };
}

/**
 * A secret set or registered a moment ago (setWebhookSecret, registerWebhook) verifies the
 * vendor's next delivery at once, even though the secrets are cached for 30 s: a refusal looks
 * in the store again, at most every 2 s per connection, so forged floods cost no more reads.
 */
describe('a webhook secret that just changed', () => {
  let clock = 1_000_000;
  const ingestOver = (store: ReturnType<typeof storeWith>) => {
    const secrets = new WebhookSecrets(store as unknown as SecretStore, 30_000, () => clock);
    const stored: CloudEvent[] = [];
    const ingest = new WebhookIngest({
      providerOf: () => 'github',
      secretsOf: (tenantId, connectionId, fresh) => secrets.of(tenantId, connectionId, fresh ? { maxAgeMs: 2_000 } : {}),
      store: { storeOnce: async (event) => (stored.push(event), { stored: true, id: event.id }) },
      now: () => clock,
    });
    return { ingest, stored };
  };

  it('verifies the first delivery after the secret was set where none was (Slack retrying its url_verification)', async () => {
    const store = storeWith(undefined);
    const { ingest } = ingestOver(store);
    expect(await ingest.receive('t', 'c', githubDelivery('new-secret', 'd1'))).toEqual({ status: 'unknown' });
    store.set('new-secret');
    clock += 2_500;
    expect(await ingest.receive('t', 'c', githubDelivery('new-secret', 'd2'))).toMatchObject({ status: 'stored' });
  });

  it('verifies the first delivery signed with a replaced secret, and a forged flood reads the store once per 2 s', async () => {
    const store = storeWith('old-secret');
    const { ingest } = ingestOver(store);
    expect(await ingest.receive('t', 'c', githubDelivery('old-secret', 'd1'))).toMatchObject({ status: 'stored' });
    store.set('registered-secret');
    clock += 2_500;
    expect(await ingest.receive('t', 'c', githubDelivery('registered-secret', 'd2'))).toMatchObject({ status: 'stored' });
    const readsBefore = store.reads;
    for (let i = 0; i < 20; i++) expect(await ingest.receive('t', 'c', githubDelivery('forged', `f${i}`))).toMatchObject({ status: 'refused' });
    expect(store.reads - readsBefore).toBe(0);
    clock += 2_500;
    await ingest.receive('t', 'c', githubDelivery('forged', 'f-late'));
    expect(store.reads - readsBefore).toBe(1);
  });
});
