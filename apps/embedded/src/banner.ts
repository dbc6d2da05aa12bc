import { resolve } from 'node:path';
import type { RunningEmbedded } from './embedded';

/**
 * The start-up banner. The operator password and the agent key are shown on the start that
 * created them, once: stdout is also where the JSON log goes, and a log that repeats live
 * credentials at every start ends up in places credentials should not. Later starts name the
 * file that keeps them (mode 0600).
 */
export function banner(running: Pick<RunningEmbedded, 'urls' | 'demo' | 'demoCreated' | 'demoConnections'>, dataDir: string): string {
  const demoFile = `${dataDir}/demo.json`;
  const { urls, demo } = running;
  const credentials = running.demoCreated
    ? [
        `Demo tenant "demo" (shown once; kept in ${demoFile}):`,
        `  console sign-in  ${demo.admin.email} / ${demo.admin.password}`,
        `  agent API key    ${demo.apiKey.key}`,
      ]
    : [`Demo tenant "demo": the console sign-in and the agent API key are in ${demoFile}`];
  return [
    '',
    'Causeway is running on its embedded default (PGlite, in-process bus, local secrets).',
    `  control plane  ${urls.controlPlane}   (GraphQL console: ${urls.controlPlane}/graphql)`,
    `  data plane     ${urls.dataPlane}   (agents: /v1/tools, /v1/actions/{tool}, /mcp)`,
    `  audit          ${urls.audit}`,
    `  data           ${dataDir}/`,
    '',
    ...credentials,
    `  connections      ${running.demoConnections.join(', ') || 'none'} (bundled simulators)`,
    `  try it           curl -H "Authorization: Bearer $KEY" ${urls.dataPlane}/v1/tools`,
    `                   curl -H "Authorization: Bearer $KEY" '${urls.dataPlane}/v1/tools/search?q=close+a+ticket'`,
    `                   curl -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \\`,
    `                        -d '{"input":{"channel":"C0GENERAL01","text":"hello from Causeway"}}' ${urls.dataPlane}/v1/actions/slack.post_message`,
    `                   with KEY=$(node -p "require('${resolve(demoFile)}').apiKey.key")`,
    'Stop with Ctrl-C; data is kept for the next start.',
    '',
  ].join('\n');
}
