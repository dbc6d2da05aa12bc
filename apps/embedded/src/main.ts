import 'reflect-metadata';
import { createLogger, startTracing } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { loadEmbeddedConfig } from './config';
import { banner } from './banner';
import { startEmbedded } from './embedded';

async function main() {
  startTracing('causeway');
  const config = loadEmbeddedConfig();
  const logger = createLogger('embedded', config.LOG_LEVEL);
  const running = await startEmbedded(config);
  onShutdownSignal(logger, () => running.stop());
  process.stdout.write(banner(running, config.CAUSEWAY_DATA_DIR));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
