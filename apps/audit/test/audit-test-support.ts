import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { AuditEvent } from '@causeway/contracts';
import { eventually, testKafkaBrokers, uniqueId } from '@causeway/testing';

/** Shared by the audit integration tests: events, private topics, raw SQL as the superuser. */

export const INTERNAL_TOKEN = 'test-internal-token-0123456789abcdefghijklmnop';

let clock = Date.parse('2026-03-01T00:00:00.000Z');

export function auditEvent(tenantId: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  clock += 1000;
  return {
    id: randomUUID(),
    specVersion: 1,
    tenantId,
    occurredAt: new Date(clock).toISOString(),
    actor: { type: 'api_key', id: 'key-1' },
    action: 'tool.call',
    outcome: 'success',
    tool: 'slack.post_message',
    connectionId: 'conn-1',
    correlationId: randomUUID(),
    latencyMs: 12.5,
    details: { channel: '#general', nested: { z: 1, a: [true, null, 'é'] } },
    ...overrides,
  };
}

/** Topics of one test file, so its consumer group never reads another file's events. */
export async function privateTopics(prefix: string): Promise<{ audit: string; deadLetter: string; admin: Admin }> {
  const audit = uniqueId(`${prefix}-audit`);
  const deadLetter = `${audit}-dlq`;
  const admin = new Kafka({ clientId: uniqueId('audit-test-admin'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await ridingOutBrokerRestarts(() => admin.connect());
  await ridingOutBrokerRestarts(() =>
    admin.createTopics({
      topics: [
        { topic: audit, numPartitions: 6, replicationFactor: 1 },
        { topic: deadLetter, numPartitions: 1, replicationFactor: 1 },
      ],
      waitForLeaders: true,
    }),
  );
  return { audit, deadLetter, admin };
}

export async function connectProducer(): Promise<Producer> {
  const kafka = new Kafka({ clientId: uniqueId('audit-test-producer'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await ridingOutBrokerRestarts(() => producer.connect());
  return producer;
}

/**
 * Another suite stops and restarts the shared broker to test outages; set-up that happens to
 * run meanwhile waits for it instead of failing.
 */
async function ridingOutBrokerRestarts<T>(step: () => Promise<T>): Promise<T> {
  return eventually(async () => ({ value: await step() }), { timeoutMs: 90_000, intervalMs: 1000, what: 'the Kafka broker' }).then((r) => r.value);
}

/** Publishes like the outbox relay does: keyed by tenant, so a tenant stays on one partition. */
export async function publishEvents(producer: Producer, topic: string, events: AuditEvent[]): Promise<void> {
  // A send retried across a broker restart may land twice: the store is idempotent on id.
  await ridingOutBrokerRestarts(() =>
    producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.tenantId, value: JSON.stringify(e) })),
    }),
  );
}

export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function storedCount(url: string, tenantIds?: string[]): Promise<number> {
  const [row] = await sql<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM audit.audit_events ${tenantIds ? 'WHERE tenant_id = ANY($1)' : ''}`,
    tenantIds ? [tenantIds] : [],
  );
  return row.n;
}

export function bearer(token = INTERNAL_TOKEN): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
