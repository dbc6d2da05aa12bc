import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createRedisClient, upstreamKey } from '@causeway/resilience';
import { freePort } from '@causeway/testing';
import { CallGuards } from './call-guards';

const limits = { tenantCallsPerMinute: 600, keyCallsPerMinute: 600, keyConcurrentCalls: 4, fallbackShare: 0.5, breakerHalfOpenAfterMs: 1_000 };

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through the integration Jest project');
  return url;
}

/** What the call pipeline's admission asks for one Slack call: both quotas, both holds, the channel's pace. */
function callChecks(id: string) {
  const connection = upstreamKey('slack', `conn-${id}`);
  const bucket = upstreamKey('slack', `conn-${id}`, 'chat.postMessage:C1');
  return {
    connection,
    request: {
      holds: [
        { scope: 'upstream', key: connection },
        { scope: 'upstream', key: bucket },
      ],
      takes: [
        { scope: 'tenant', key: `tenant:${id}`, rule: { perMinute: 600, burst: 60 } },
        { scope: 'key', key: `key:${id}`, rule: { perMinute: 600, burst: 60 } },
        { scope: 'pace', key: `pace:${bucket}`, rule: { ratePerSecond: 1, burst: 1 } },
      ],
    },
  };
}

describe('CallGuards (data plane wiring of the limits)', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = createRedisClient(redisUrl());
    await new Promise((resolve) => redis.once('ready', resolve));
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('admits a call with one Redis command, and sees the holds its gate records', async () => {
    const guards = new CallGuards(limits, { redis, registry: new Registry() });
    const { connection, request } = callChecks(randomUUID());
    // The first decision on a fresh Redis may load the script (NOSCRIPT, then EVAL); count after.
    await guards.admission.decide(callChecks(randomUUID()).request);
    const sent: string[] = [];
    const original = redis.sendCommand.bind(redis);
    const spy = jest.spyOn(redis, 'sendCommand').mockImplementation((command, stream) => {
      sent.push(command.name);
      return original(command, stream);
    });
    try {
      expect(await guards.admission.decide(request)).toEqual({ allowed: true });
      expect(sent).toEqual(['evalsha']);
    } finally {
      spy.mockRestore();
    }
    await guards.gate.afterCall(connection, { limited: true, retryAfterMs: 5_000 });
    const held = await guards.admission.decide({ ...request, takes: request.takes.slice(0, 2) });
    expect(held).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }] });
  });

  it("keeps admitting on this replica's share and honours its own holds while Redis is unreachable", async () => {
    const unreachable = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    unreachable.on('error', () => undefined); // connection errors are expected here
    try {
      const guards = new CallGuards(limits, { redis: unreachable, registry: new Registry() });
      const { connection, request } = callChecks(randomUUID());
      expect(await guards.admission.decide(request)).toEqual({ allowed: true });
      await guards.gate.afterCall(connection, { limited: true, retryAfterMs: 5_000 });
      expect(await guards.admission.decide(request)).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }, { scope: 'pace' }] });
    } finally {
      unreachable.disconnect();
    }
  });

  it('uses the in-memory twins without Redis (the embedded default), with the same answers', async () => {
    const guards = new CallGuards(limits, { registry: new Registry() });
    const { connection, request } = callChecks(randomUUID());
    expect(await guards.admission.decide(request)).toEqual({ allowed: true });
    expect(await guards.admission.decide(request)).toEqual({
      allowed: false,
      retryAfterMs: expect.any(Number),
      refused: [{ scope: 'pace', retryAfterMs: expect.any(Number) }],
    });
    await guards.gate.afterCall(connection, { limited: true, retryAfterMs: 5_000 });
    expect(await guards.admission.decide({ ...request, takes: [] })).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }] });
  });
});
