import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { EventBus } from '@causeway/messaging';
import { HealthModule, METRICS_REGISTRY } from '@causeway/observability';
import { ApiKeyAuthenticator } from './agent-auth/api-key-authenticator';
import { ConfigView } from './config-view/config-view';
import { ToolsController } from './tools/tools.controller';

export interface DataPlaneModuleDeps {
  bus: EventBus;
  registry: Registry;
  configView: ConfigView;
  apiKeyPepper: Buffer;
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
      controllers: [ToolsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: ConfigView, useValue: deps.configView },
        { provide: ApiKeyAuthenticator, useValue: new ApiKeyAuthenticator(deps.configView, deps.apiKeyPepper) },
      ],
      exports: [METRICS_REGISTRY, ConfigView],
    };
  }
}
