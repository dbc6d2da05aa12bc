/**
 * The webhook ingest alone in a process, for the crash test: it serves
 * `POST /v1/webhooks/{tenant}/{connection}` for one GitHub connection against `DATABASE_URL`
 * (already migrated) and prints `listening <url>` once ready. The test SIGKILLs it mid-burst.
 */
import 'reflect-metadata';
import Fastify from 'fastify';
import { webhookSecretPath } from '@causeway/contracts';
import { InProcessEventBus } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { createDataPlaneDataSource } from '../../database/data-source';
import { startEvents } from '../events';
import { registerWebhookRoute } from '../inbound/webhook.route';
import { staticSecretStore } from './static-secret-store';

async function main() {
  const { DATABASE_URL, TENANT_ID, CONNECTION_ID, WEBHOOK_SECRET } = process.env as Record<string, string>;
  const dataSource = createDataPlaneDataSource(DATABASE_URL, 8);
  await dataSource.initialize();
  const events = startEvents({
    dataSource,
    bus: new InProcessEventBus(),
    secretStore: staticSecretStore({ [webhookSecretPath(TENANT_ID, CONNECTION_ID)]: { secret: WEBHOOK_SECRET } }),
    logger: createLogger('ingest-process', 'warn'),
    providerOf: (tenantId, connectionId) => (tenantId === TENANT_ID && connectionId === CONNECTION_ID ? 'github' : undefined),
    // As if the bus were unreachable: everything acknowledged stays in the outbox when killed.
    relay: process.env.RELAY !== 'off',
  });
  const http = Fastify();
  registerWebhookRoute(http, events.ingest, (error) => process.stderr.write(`ingest error: ${String(error)}\n`));
  const url = await http.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${url}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
