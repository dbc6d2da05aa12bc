import 'reflect-metadata';
import { createLogger } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { loadEmbeddedConfig } from './config';
import { startEmbedded } from './embedded';

async function main() {
  const config = loadEmbeddedConfig();
  const logger = createLogger('embedded', config.LOG_LEVEL);
  const running = await startEmbedded(config);
  onShutdownSignal(logger, () => running.stop());
  process.stdout.write(
    [
      '',
      'Causeway is running on its embedded default (PGlite, in-process bus, local secrets).',
      `  control plane  ${running.urls.controlPlane}   (GraphQL console: ${running.urls.controlPlane}/graphql)`,
      `  data plane     ${running.urls.dataPlane}   (agents: /v1/tools, /v1/actions/{tool}, /mcp)`,
      `  audit          ${running.urls.audit}`,
      `  data           ${config.CAUSEWAY_DATA_DIR}/`,
      '',
      `Demo tenant "demo" (details in ${config.CAUSEWAY_DATA_DIR}/demo.json):`,
      `  console sign-in  ${running.demo.admin.email} / ${running.demo.admin.password}`,
      `  agent API key    ${running.demo.apiKey.key}`,
      `  connections      ${running.demoConnections.join(', ') || 'none'} (bundled simulators)`,
      `  try it           curl -H "Authorization: Bearer ${running.demo.apiKey.key}" ${running.urls.dataPlane}/v1/tools`,
      `                   curl -H "Authorization: Bearer ${running.demo.apiKey.key}" -H 'content-type: application/json' \\`,
      `                        -d '{"input":{"channel":"C0GENERAL01","text":"hello from Causeway"}}' ${running.urls.dataPlane}/v1/actions/slack.post_message`,
      'Stop with Ctrl-C; data is kept for the next start.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
