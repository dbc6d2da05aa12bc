import { infraScript } from './infra';

/** Stops what global-setup started (each project's teardown may run; stopping twice is harmless). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.CAUSEWAY_KEEP_INFRA === '1') return;
  const started = new Set((process.env.CAUSEWAY_TEST_INFRA_STARTED ?? '').split(',').filter(Boolean));
  if (started.has('kafka')) infraScript('kafka.sh', 'stop');
  if (started.has('postgres')) infraScript('postgres.sh', 'stop');
  if (started.has('redis')) infraScript('redis.sh', 'stop');
  if (started.has('openbao')) infraScript('openbao.sh', 'stop');
  process.env.CAUSEWAY_TEST_INFRA_STARTED = '';
}
