import { logLevel, type LogEntry } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { kafkaClientLogLevel, kafkaLogCreator, kafkaLogLevel } from './kafka-log';

function entry(level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry {
  return {
    namespace: 'Connection',
    level,
    label: logLevel[level],
    log: { timestamp: '2026-12-07T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
  } as LogEntry;
}

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

describe('kafkajs log levels', () => {
  it("keeps kafkajs' own level for what it does not know", () => {
    expect(kafkaLogLevel(entry(logLevel.ERROR, 'Failed to connect to broker, reconnecting'))).toBe('error');
    expect(kafkaLogLevel(entry(logLevel.WARN, 'Could not create topics'))).toBe('warn');
    expect(kafkaLogLevel(entry(logLevel.INFO, 'Consumer has joined the group'))).toBe('info');
    expect(kafkaLogLevel(entry(logLevel.DEBUG, 'Request Metadata(key: 3, version: 6)'))).toBe('debug');
  });

  it('lowers "Topic creation errors" at start to debug: the topics already exist', () => {
    expect(kafkaLogLevel(entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' }))).toBe('debug');
  });

  it('lowers the coordinator still loading to info: kafkajs retries', () => {
    const loading = entry(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
      error: "The coordinator is loading and hence can't process requests",
    });
    const unavailable = entry(logLevel.ERROR, 'Response FindCoordinator(key: 10, version: 2)', { error: 'The group coordinator is not available' });

    expect([kafkaLogLevel(loading), kafkaLogLevel(unavailable)]).toEqual(['info', 'info']);
  });

  it("lowers the first JoinGroup's member-id request to debug", () => {
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', {
          error: 'The group member needs to have a valid member id before actually entering a consumer group',
        }),
      ),
    ).toBe('debug');
  });

  it('lowers the bounded-retries notice of the idempotent producer to info: the bound is deliberate', () => {
    expect(kafkaLogLevel(entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'))).toBe('info');
  });

  it('lowers a rebalance to info', () => {
    expect(kafkaLogLevel(entry(logLevel.WARN, 'The group is rebalancing, re-joining'))).toBe('info');
  });

  it('keeps other errors on the same requests at error', () => {
    expect(kafkaLogLevel(entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic authorization failed' }))).toBe('error');
    expect(kafkaLogLevel(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'The coordinator is not available' }))).toBe('error');
  });

  it("uses kafkajs' INFO only when the service logs at debug", () => {
    expect(kafkaClientLogLevel(pino({ level: 'info' }))).toBe(logLevel.WARN);
    expect(kafkaClientLogLevel(pino({ level: 'debug' }))).toBe(logLevel.INFO);
  });
});

describe('kafkaLogCreator', () => {
  it('writes each kafkajs entry as one JSON line with the mapped level, its fields, and no kafkajs timestamp', () => {
    const { logger, lines } = capture();
    const write = kafkaLogCreator(logger)(logLevel.WARN);

    write(entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors', correlationId: 3 }));
    write(entry(logLevel.ERROR, 'Failed to connect to broker, reconnecting', { retryCount: 2 }));

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toEqual([
      expect.objectContaining({
        level: 20,
        component: 'kafka',
        kafka: 'Connection',
        msg: 'Response CreateTopics(key: 19, version: 3)',
        error: 'Topic creation errors',
        correlationId: 3,
      }),
      expect.objectContaining({ level: 50, component: 'kafka', msg: 'Failed to connect to broker, reconnecting', retryCount: 2 }),
    ]);
    expect(parsed[0]).not.toHaveProperty('timestamp');
    expect(parsed[0]).not.toHaveProperty('logger');
  });

  it('turns an Error logged as the message into a string message', () => {
    const { logger, lines } = capture();
    const write = kafkaLogCreator(logger)(logLevel.WARN);

    write({ ...entry(logLevel.ERROR, ''), log: { timestamp: 't', message: new Error('Connection timeout') as unknown as string } } as LogEntry);

    expect(JSON.parse(lines[0])).toEqual(expect.objectContaining({ level: 50, msg: 'Connection timeout' }));
  });
});
