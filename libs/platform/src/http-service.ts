import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Registry } from 'prom-client';
import { instrumentFastify, NestPinoLogger, shutdownTracing, type Logger } from '@causeway/observability';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpServiceOptions {
  name: string;
  module: unknown;
  logger: Logger;
  registry: Registry;
  port: number;
  /** Default 127.0.0.1: reachable from this machine only (`bindHost` in @causeway/config). */
  host?: string;
  bodyLimitBytes?: number;
  /** Accept any content type as a raw Buffer (for passthrough routes); JSON is still parsed. */
  rawBodiesForOtherTypes?: boolean;
  /**
   * Registers routes straight on the Fastify instance, after the Nest application is built
   * (its providers can be taken with `app.get`) and before it listens. For hot paths where
   * Nest's per-request pipeline costs more than the route's own work; the platform's hooks
   * (correlation id, request metrics) still run, and errors should be sent with `errorReply`.
   */
  fastifyRoutes?: (app: NestFastifyApplication) => void;
}

export interface RunningHttpService {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts one service's Nest application on Fastify with the platform's common wiring:
 * structured logging, correlation ids, request metrics, the contract's error body.
 * Shutdown is driven by the caller (`close`), so the embedded default can stop three
 * services in one process in a chosen order.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<RunningHttpService> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Let in-flight requests finish on close; new ones get 503 while draining.
    return503OnClosing: true,
  });
  instrumentFastify(adapter.getInstance(), options.registry);
  if (options.rawBodiesForOtherTypes) {
    adapter.getInstance().addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
  const app = await NestFactory.create<NestFastifyApplication>(options.module as never, adapter, {
    logger: new NestPinoLogger(options.logger.child({ component: 'nest' })),
    bufferLogs: false,
  });
  app.useGlobalFilters(new HttpErrorFilter());
  options.fastifyRoutes?.(app);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}`;
  options.logger.info({ url }, `${options.name} listening`);
  return {
    app,
    url,
    close: () => closeApp(app),
  };
}

async function closeApp(app: INestApplication): Promise<void> {
  await app.close();
}

/** Runs `shutdown` once on SIGTERM or SIGINT, sends the spans still buffered, then exits; a second signal exits at once. */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown()
      .finally(() => shutdownTracing())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
