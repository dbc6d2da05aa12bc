import type { Redis } from 'ioredis';

/** The Redis that tools/jest/global-setup.ts started (or found) for the integration tier. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through the integration Jest project');
  return url;
}

/** Records the name of every command `redis` sends until `stop()`: for tests that count round trips. */
export function recordCommands(redis: Redis): { sent: string[]; stop(): void } {
  const sent: string[] = [];
  const original = redis.sendCommand.bind(redis);
  const spy = jest.spyOn(redis, 'sendCommand').mockImplementation((command, stream) => {
    sent.push(command.name);
    return original(command, stream);
  });
  return { sent, stop: () => spy.mockRestore() };
}
