import type { EgressGuard, EgressPolicy, GuardedRequestInit } from '@causeway/egress';
import { WebhookNotifier } from './account-notifier';

describe('the webhook notifier', () => {
  const calls: { url: string; init: GuardedRequestInit; policy: EgressPolicy }[] = [];
  let status = 204;
  const egress = {
    fetch: async (url: string, init: GuardedRequestInit, policy: EgressPolicy) => {
      calls.push({ url, init, policy });
      return { status, headers: {}, body: Buffer.alloc(0), url, redirects: 0 };
    },
  } as unknown as EgressGuard;
  const message = {
    kind: 'invitation' as const,
    email: 'a@x.test',
    link: 'https://cp.test/accounts/accept#invitation=cwi_x',
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    role: 'viewer',
  };

  it('posts the link through the egress guard, allowed to the configured host only', async () => {
    await new WebhookNotifier('https://hooks.example.com/causeway', egress).deliver(message);
    expect(calls[0].url).toBe('https://hooks.example.com/causeway');
    expect(calls[0].policy).toEqual({ declaredHosts: ['hooks.example.com'] });
    expect(JSON.parse(String(calls[0].init.body))).toMatchObject({ email: 'a@x.test', link: message.link, expiresAt: '2030-01-01T00:00:00.000Z' });
  });

  it('fails when the webhook does not accept the message', async () => {
    status = 500;
    await expect(new WebhookNotifier('https://hooks.example.com/causeway', egress).deliver(message)).rejects.toThrow('500');
  });
});
