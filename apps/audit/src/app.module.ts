import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';

export interface AuditModuleDeps {
  dataSource: DataSource;
  bus: EventBus;
  registry: Registry;
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
      providers: [{ provide: METRICS_REGISTRY, useValue: deps.registry }],
      exports: [METRICS_REGISTRY],
    };
  }
}
