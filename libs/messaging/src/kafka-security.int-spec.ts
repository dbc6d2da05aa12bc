import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ConfigError } from '@causeway/config';
import type { ReceivedMessage } from './event-bus';
import { KafkaEventBus } from './kafka-event-bus';
import { describeKafkaSecurity, kafkaSecurityFromEnv } from './kafka-security';
import { SaslSslBroker } from './testing/sasl-ssl-broker';

/**
 * The Kafka client over TLS and SASL, configured the way a deployment does it (KAFKA_SSL_*,
 * KAFKA_SASL_* and password files), against a second, throwaway broker with a SASL_SSL
 * listener and its own CA. The shared test broker is not involved.
 */
jest.setTimeout(240_000);

const logger = pino({ level: 'silent' });
let broker: SaslSslBroker;
const buses: KafkaEventBus[] = [];

function bus(env: Record<string, string>, topic?: string): KafkaEventBus {
  const created = new KafkaEventBus({
    brokers: broker.brokers,
    clientId: `causeway-sasl-test-${randomBytes(3).toString('hex')}`,
    logger,
    security: kafkaSecurityFromEnv(env),
    topics: topic ? [{ topic, numPartitions: 1, replicationFactor: 1 }] : undefined,
  });
  buses.push(created);
  return created;
}

async function roundTrip(env: Record<string, string>): Promise<string[]> {
  const topic = `sasl-${randomBytes(4).toString('hex')}`;
  const client = bus(env, topic);
  const received: ReceivedMessage[] = [];
  await client.subscribe({
    groupId: `${topic}-group`,
    topics: [topic],
    fromBeginning: true,
    handleBatch: async (batch) => void received.push(...batch),
  });
  await client.publish([
    { topic, key: 'tenant-a', value: { id: 1 } },
    { topic, key: 'tenant-a', value: { id: 2 } },
  ]);
  const deadline = Date.now() + 60_000;
  while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return received.map((m) => m.value ?? '');
}

beforeAll(async () => {
  if (!SaslSslBroker.available()) throw new Error('run tools/infra/kafka.sh install first: the broker jars are missing');
  broker = await SaslSslBroker.start();
});

afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.close()));
  await broker?.stop();
});

describe('Kafka over TLS and SASL', () => {
  it('produces and consumes with SCRAM-SHA-512, trusting the private CA from KAFKA_SSL_CA_FILE', async () => {
    const env = {
      KAFKA_SSL_CA_FILE: broker.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.scram.username,
      KAFKA_SASL_PASSWORD_FILE: broker.file('scram-password', `${broker.scram.password}\n`),
    };
    expect(describeKafkaSecurity(kafkaSecurityFromEnv(env))).toEqual({ tls: true, sasl: 'scram-sha-512' });
    expect(await roundTrip(env)).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('produces and consumes with PLAIN over TLS', async () => {
    const env = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: broker.caFile,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: broker.plain.username,
      KAFKA_SASL_PASSWORD: broker.plain.password,
    };
    expect(await roundTrip(env)).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('is refused with a wrong password', async () => {
    const client = bus({
      KAFKA_SSL_CA_FILE: broker.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.scram.username,
      KAFKA_SASL_PASSWORD: 'not-the-password',
    });
    await expect(client.check()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|authentication/i);
  });

  it('does not trust the broker without its CA', async () => {
    const client = bus({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.scram.username,
      KAFKA_SASL_PASSWORD: broker.scram.password,
    });
    await expect(client.check()).rejects.toThrow();
  });

  it('names the variable when a file cannot be read', () => {
    const error = (() => {
      try {
        kafkaSecurityFromEnv({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.crt' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('KAFKA_SSL_CA_FILE');
  });
});
