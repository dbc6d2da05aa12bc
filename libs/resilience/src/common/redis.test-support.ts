/** The Redis that tools/jest/global-setup.ts started (or found) for the integration tier. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through the integration Jest project');
  return url;
}
