import { EgressRefusedError, type EgressGuard } from '@causeway/egress';
import type { Logger } from '@causeway/observability';
import type { SecretStore } from '@causeway/secrets';
import type { ApprovalRow } from './approval.entities';
import { ApprovalNotifier } from './approval-notifier';

const row = {
  id: 'ap-1',
  tenantId: 't-1',
  status: 'approved',
  tool: 'slack.post_message',
  requestedAt: new Date(0),
  expiresAt: new Date(60_000),
  decidedAt: new Date(1000),
  executedAt: null,
  callbackUrl: 'http://127.0.0.1:4000/graphql',
} as unknown as ApprovalRow;

describe('ApprovalNotifier', () => {
  it("sends an agent's callback through the egress guard and gives up at once when it refuses the address", async () => {
    const attempts: string[] = [];
    const egress = {
      fetch: async (url: string | URL) => {
        attempts.push(String(url));
        throw new EgressRefusedError('private_address', '127.0.0.1', '127.0.0.1 is a non-public address (loopback)', 'loopback');
      },
    } as unknown as EgressGuard;
    const warnings: unknown[] = [];
    const logger = { warn: (fields: unknown) => warnings.push(fields) } as unknown as Logger;
    const secretStore = { read: async () => ({ data: { secret: 'whsec' } }) } as unknown as SecretStore;
    const notifier = new ApprovalNotifier({ secretStore, egress, logger, attempts: 5, backoffBaseMs: 1 });

    notifier.notify('approval.approved', row, {} as never);
    await notifier.drain();

    // A refusal is the policy's answer: asking four more times only knocks on the same door.
    expect(attempts).toEqual(['http://127.0.0.1:4000/graphql']);
    expect(JSON.stringify(warnings)).toContain('refused by egress policy');
  });
});
