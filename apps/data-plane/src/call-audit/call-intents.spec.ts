import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditEventSchema } from '@causeway/contracts';
import { IntentLog, type BusMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { outcomeUnknownMessage, recoverCallIntents, type CallIntent } from './call-intents';

const intent = (tool: string): CallIntent => ({
  tenantId: 'tenant-1',
  keyId: 'key-1',
  keyName: 'deploy bot',
  tool,
  connectionId: 'conn-1',
  idempotencyKey: 'deploy-1',
  correlationId: 'req-1',
  begunAt: '2026-12-07T05:00:00.000Z',
});
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('outcome_unknown audit events', () => {
  it('is a valid audit event naming tool, connection, key and Idempotency-Key, keyed by tenant, with the intent’s id', () => {
    const message = outcomeUnknownMessage(ID, intent('slack.post_message'));
    const event = auditEventSchema.parse(message.value);
    expect(message).toMatchObject({ topic: 'causeway.audit.v1', key: 'tenant-1', headers: { 'event-id': ID } });
    expect(event).toMatchObject({
      id: ID,
      action: 'tool.call',
      outcome: 'outcome_unknown',
      tool: 'slack.post_message',
      connectionId: 'conn-1',
      actor: { type: 'api_key', id: 'key-1', label: 'deploy bot' },
      correlationId: 'req-1',
      details: { idempotencyKey: 'deploy-1', begunAt: '2026-12-07T05:00:00.000Z' },
    });
  });
});

describe('recoverCallIntents', () => {
  const logger = createLogger('test', 'fatal');

  it('audits each intent the previous run left unended once, then forgets it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'call-intents-'));
    const before = new IntentLog<CallIntent>({ directory: dir });
    await before.start();
    await before.begin(ID, intent('slack.post_message'));
    await before.begin('e1a0c6c4-5f2b-4c1e-9d36-5b1b1c2f8a10', intent('slack.list_channels'));
    await before.end('e1a0c6c4-5f2b-4c1e-9d36-5b1b1c2f8a10');
    await before.close();

    const published: BusMessage[] = [];
    const sink = { publish: async (messages: BusMessage[]) => void published.push(...messages) };
    const after = new IntentLog<CallIntent>({ directory: dir });
    expect(await recoverCallIntents(after, sink, logger)).toBe(1);
    expect(published.map((m) => (m.value as { id: string; outcome: string }).outcome)).toEqual(['outcome_unknown']);
    expect((published[0].value as { id: string }).id).toBe(ID);
    await after.close();

    const again = new IntentLog<CallIntent>({ directory: dir });
    expect(await recoverCallIntents(again, sink, logger)).toBe(0);
    await again.close();
  });

  it('keeps the intents when their events could not be kept, to report them at the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'call-intents-'));
    const before = new IntentLog<CallIntent>({ directory: dir });
    await before.start();
    await before.begin(ID, intent('slack.post_message'));
    await before.close();

    const failing = new IntentLog<CallIntent>({ directory: dir });
    await expect(recoverCallIntents(failing, { publish: async () => Promise.reject(new Error('spool full')) }, logger)).rejects.toThrow('spool full');
    await failing.close();

    const published: BusMessage[] = [];
    const next = new IntentLog<CallIntent>({ directory: dir });
    expect(await recoverCallIntents(next, { publish: async (m) => void published.push(...m) }, logger)).toBe(1);
    await next.close();
  });
});
