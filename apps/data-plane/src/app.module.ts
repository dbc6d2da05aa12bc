import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';
import { ConfigView } from './config-view/config-view';

export interface DataPlaneModuleDeps {
  bus: EventBus;
  registry: Registry;
  configView: ConfigView;
}

@Module({})
export class DataPlaneModule {
  static forRoot(deps: DataPlaneModuleDeps): DynamicModule {
    return {
      module: DataPlaneModule,
      global: true,
      imports: [
        HealthModule.register({
          useFactory: () => [{ name: 'event-bus', check: () => deps.bus.check() }],
        }),
      ],
      providers: [
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: ConfigView, useValue: deps.configView },
      ],
      exports: [METRICS_REGISTRY, ConfigView],
    };
  }
}
