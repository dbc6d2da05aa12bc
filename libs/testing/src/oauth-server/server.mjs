#!/usr/bin/env node
// OAuth 2.0 / OIDC authorization server for tests, on oidc-provider.
//
//   OAUTH_SERVER_CONFIG='{"port":0,"ttl":{"AccessToken":2}}' node server.mjs
//   node server.mjs '{"port":4010}'
//
// Prints `OAUTH_SERVER_READY <issuer>` on stdout once it accepts connections. See README.md.
import { createServer } from 'node:http';

import { resolveConfig } from './config.mjs';
import { generateSigningKey } from './signing-key.mjs';

const config = resolveConfig(process.env.OAUTH_SERVER_CONFIG ?? process.argv[2]);
const signingKey = generateSigningKey();
// Loaded dynamically so the key generation above runs while oidc-provider's modules load.
const { createProvider } = await import('./provider.mjs');

// Listen first: with port 0 the issuer (which embeds the port) is only known afterwards, and
// oidc-provider needs the issuer at construction time.
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port, config.host, resolve);
});
const { port } = server.address();
const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const issuer = config.issuer ?? `http://${host}:${port}`;

const provider = createProvider(issuer, config, await signingKey);
// oidc-provider checks static client metadata only when a client is first used; check it now so
// a bad client fails the start (with the reason on stderr) rather than a test halfway through.
for (const { client_id: clientId } of config.clients) {
  if (!(await provider.Client.find(clientId))) throw new Error(`client ${clientId} did not load`);
}
server.on('request', provider.callback());

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  // fetch keeps connections alive; without this close() waits for them to time out.
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The harness sets this so the server dies with the test process even if that one is killed
// before it can send SIGTERM (the stdin pipe closes when the parent goes away).
if (process.env.OAUTH_SERVER_EXIT_ON_STDIN_END === '1') {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

process.stdout.write(`OAUTH_SERVER_READY ${issuer}\n`);
