import { EventEmitter } from 'node:events';
import { reportConnectionErrors, type RedisClientLogger } from './redis-client';

function recordingLogger() {
  const lines: { level: 'warn' | 'info'; fields: Record<string, unknown>; message: string }[] = [];
  const logger: RedisClientLogger = {
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
  };
  return { logger, lines };
}

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
}

describe('reportConnectionErrors', () => {
  it('logs the first failed attempt of an outage as one structured warn line', () => {
    const client = new EventEmitter();
    const { logger, lines } = recordingLogger();
    reportConnectionErrors(client as never, logger, 60_000, () => 0);

    client.emit('error', connectionRefused());

    expect(lines).toEqual([
      { level: 'warn', fields: { error: 'connect ECONNREFUSED 127.0.0.1:6379', code: 'ECONNREFUSED' }, message: expect.stringMatching(/^redis unreachable/) },
    ]);
  });

  it('counts the reconnect failures within the interval instead of logging each one', () => {
    const client = new EventEmitter();
    const { logger, lines } = recordingLogger();
    let now = 0;
    reportConnectionErrors(client as never, logger, 60_000, () => now);

    for (let attempt = 0; attempt < 30; attempt++) {
      now = attempt * 2_000;
      client.emit('error', connectionRefused());
    }
    now = 61_000;
    client.emit('error', connectionRefused());

    expect(lines.map((l) => [l.level, l.fields.suppressed])).toEqual([
      ['warn', undefined],
      ['warn', 29],
    ]);
    expect(lines[1].message).toMatch(/^redis still unreachable/);
  });

  it('says once that Redis is back, and a later outage is reported afresh', () => {
    const client = new EventEmitter();
    const { logger, lines } = recordingLogger();
    reportConnectionErrors(client as never, logger, 60_000, () => 0);

    client.emit('ready');
    client.emit('error', connectionRefused());
    client.emit('error', connectionRefused());
    client.emit('ready');
    client.emit('error', connectionRefused());

    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', expect.stringMatching(/^redis unreachable/)],
      ['info', 'redis reachable again'],
      ['warn', expect.stringMatching(/^redis unreachable/)],
    ]);
    expect(lines[1].fields).toEqual({ suppressed: 1 });
  });

  it('keeps ioredis off stderr even without a logger: an error event has a listener', () => {
    const client = new EventEmitter();
    reportConnectionErrors(client as never, undefined, 60_000);

    expect(() => client.emit('error', connectionRefused())).not.toThrow();
  });
});
