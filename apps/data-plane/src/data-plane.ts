import type { Registry } from 'prom-client';
import { TOPICS } from '@causeway/contracts';
import type { EventBus } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { DataPlaneModule } from './app.module';
import type { DataPlaneConfig } from './config';
import { ConfigView } from './config-view/config-view';
import { loadSnapshot } from './config-view/snapshot-client';

export interface DataPlaneDeps {
  config: DataPlaneConfig;
  logger: Logger;
  registry: Registry;
  bus: EventBus;
  apiKeyPepper: string;
}

export interface RunningDataPlane {
  url: string;
  configView: ConfigView;
  close(): Promise<void>;
}

export async function startDataPlane(deps: DataPlaneDeps): Promise<RunningDataPlane> {
  const { config, logger, registry, bus } = deps;
  const configView = new ConfigView(logger, registry);
  if (config.CONTROL_PLANE_URL && config.CAUSEWAY_INTERNAL_TOKEN) {
    await loadSnapshot(configView, config.CONTROL_PLANE_URL, config.CAUSEWAY_INTERNAL_TOKEN, logger);
  }
  const subscription = await bus.subscribe({
    // Every replica needs the whole config, so each reads the compacted topic as its own group.
    groupId: `causeway-data-plane-${config.INSTANCE_ID}`,
    topics: [TOPICS.config],
    fromBeginning: true,
    handleBatch: (messages) => configView.handleBatch(messages),
  });
  const http = await startHttpService({
    name: 'data-plane',
    module: DataPlaneModule.forRoot({ bus, registry, configView, apiKeyPepper: Buffer.from(deps.apiKeyPepper, 'utf8') }),
    logger,
    registry,
    port: config.PORT,
  });
  return {
    url: http.url,
    configView,
    async close() {
      await http.close();
      await subscription.close();
    },
  };
}
