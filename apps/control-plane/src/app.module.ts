import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';
import { DATA_SOURCE, OUTBOX_NUDGE } from './database/tokens';
import { TenantsModule } from './tenants/tenants.module';

export interface ControlPlaneModuleDeps {
  dataSource: DataSource;
  bus: EventBus;
  registry: Registry;
  nudgeOutbox: () => void;
}

@Module({})
export class ControlPlaneModule {
  static forRoot(deps: ControlPlaneModuleDeps): DynamicModule {
    return {
      module: ControlPlaneModule,
      global: true,
      imports: [
        HealthModule.register({
          useFactory: () => [
            { name: 'database', check: async () => void (await deps.dataSource.query('SELECT 1')) },
            { name: 'event-bus', check: () => deps.bus.check() },
          ],
        }),
        TenantsModule,
      ],
      providers: [
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: OUTBOX_NUDGE, useValue: deps.nudgeOutbox },
      ],
      exports: [DATA_SOURCE, METRICS_REGISTRY, OUTBOX_NUDGE],
    };
  }
}
