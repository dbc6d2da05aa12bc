import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Counter, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';
import { SERVICE_TOKEN, SERVICE_TOKEN_OPEN_PATHS, ServiceTokenGuard } from '@causeway/platform';
import { CheckpointStore } from './checkpoints/checkpoint-store';
import { CheckpointsController, SIGNING_KEY } from './checkpoints/checkpoints.controller';
import type { SigningKey } from './checkpoints/signing-key';
import { ExportController } from './export/export.controller';
import { ExportStream } from './export/export-stream';
import { EventsController } from './query/events.controller';
import { EventsQuery } from './query/events-query';
import { KeyUsageController } from './query/key-usage.controller';
import { ChainVerification } from './verify/chain-verification';
import { VERIFICATION_FAILURES, VerifyController } from './verify/verify.controller';

export interface AuditModuleDeps {
  dataSource: DataSource;
  bus: EventBus;
  registry: Registry;
  internalToken: string;
  signingKey: SigningKey;
  events: EventsQuery;
  checkpoints: CheckpointStore;
  verification: ChainVerification;
  exports: ExportStream;
  verificationFailures: Counter;
}

@Module({})
export class AuditModule {
  static forRoot(deps: AuditModuleDeps): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      imports: [
        HealthModule.register({
          useFactory: () => [
            { name: 'database', check: async () => void (await deps.dataSource.query('SELECT 1')) },
            { name: 'event-bus', check: () => deps.bus.check() },
          ],
        }),
      ],
      controllers: [EventsController, KeyUsageController, VerifyController, ExportController, CheckpointsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        // Default deny: every route needs the control plane's service token (AUDIT_INTERNAL_TOKEN)
        // but the probes and the scrape, which Kubernetes and Prometheus send without one.
        { provide: SERVICE_TOKEN, useValue: deps.internalToken },
        { provide: SERVICE_TOKEN_OPEN_PATHS, useValue: ['/healthz', '/readyz', '/metrics'] },
        { provide: APP_GUARD, useClass: ServiceTokenGuard },
        { provide: SIGNING_KEY, useValue: deps.signingKey },
        { provide: EventsQuery, useValue: deps.events },
        { provide: CheckpointStore, useValue: deps.checkpoints },
        { provide: ChainVerification, useValue: deps.verification },
        { provide: ExportStream, useValue: deps.exports },
        { provide: VERIFICATION_FAILURES, useValue: deps.verificationFailures },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
