import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { secretPath, type SecretStore } from '@causeway/secrets';
import { startAllSimulators, type AllSimulators, type SimulatorPorts, type TokenSimulatorProvider } from '@causeway/simulators';
import type { Logger } from '@causeway/observability';

/**
 * What makes the demo connections survive a restart with their ids: the ports the bundled
 * simulators listened on (the connections' server URLs and the OAuth apps' token URLs name
 * them) and the id of each demo connection, kept in `demo-connections.json` beside demo.json.
 */
const stateSchema = z.object({
  ports: z.record(z.string(), z.number().int().min(1).max(65535)),
  connections: z.record(z.string(), z.string().min(1)),
});
export type DemoState = z.infer<typeof stateSchema>;

export function readDemoState(file: string): DemoState {
  if (!existsSync(file)) return { ports: {}, connections: {} };
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : { ports: {}, connections: {} };
}

export function writeDemoState(file: string, state: DemoState): void {
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** The simulators on the ports of the previous start when they are free; otherwise on new ones (the old connections are then re-made). */
export async function startDemoSimulators(saved: DemoState, logger: Logger): Promise<{ simulators: AllSimulators; samePorts: boolean }> {
  if (Object.keys(saved.ports).length > 0) {
    try {
      return { simulators: await startAllSimulators({ ports: saved.ports as SimulatorPorts }), samePorts: true };
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'a simulator port of the previous start is taken; the demo connections are made again',
      );
    }
  }
  return { simulators: await startAllSimulators(), samePorts: false };
}

export function portsOf(simulators: AllSimulators): Record<string, number> {
  const port = (url: string) => Number(new URL(url).port);
  return {
    slack: port(simulators.slack.url),
    jira: port(simulators.jira.url),
    salesforce: port(simulators.salesforce.url),
    contentful: port(simulators.contentful.url),
    contentfulDelivery: port(simulators.contentful.deliveryUrl),
    github: port(simulators.github.url),
    ...Object.fromEntries(Object.entries(simulators.tokenWiring).map(([provider, wiring]) => [provider, port(wiring.serverOverrides.default)])),
  };
}

/** A fresh token from each restarted simulator (they keep tokens in memory only). */
function freshTokens(provider: string, simulators: AllSimulators): { accessToken: string; refreshToken?: string } | undefined {
  if (provider in simulators.tokenWiring) return { accessToken: simulators.tokenWiring[provider as TokenSimulatorProvider].issueToken() };
  switch (provider) {
    case 'slack':
      return { accessToken: simulators.slack.control.issueToken() };
    case 'github':
      return { accessToken: simulators.github.control.issueToken() };
    case 'jira':
      return simulators.jira.control.issueToken();
    case 'salesforce':
      return simulators.salesforce.control.issueToken();
    case 'contentful':
      return { accessToken: simulators.contentful.control.issuePersonalAccessToken() };
    default:
      return undefined;
  }
}

/**
 * Before the data plane serves: each kept demo connection's credential is replaced by one the
 * restarted simulator knows, in place (same connection id, same secret path). Connections whose
 * secret is gone are dropped from the returned map, to be made again.
 */
export async function reissueDemoCredentials(
  store: SecretStore,
  tenantId: string,
  connections: Record<string, string>,
  simulators: AllSimulators,
): Promise<Record<string, string>> {
  const kept: Record<string, string> = {};
  for (const [provider, connectionId] of Object.entries(connections)) {
    const path = secretPath.connection(tenantId, connectionId);
    const current = await store.read(path);
    const tokens = freshTokens(provider, simulators);
    if (!current || !tokens) continue;
    const { refreshToken: _old, previousRefreshToken: _previous, expiresAt: _expires, refreshedAt: _refreshed, ...rest } = current.data;
    // A Basic-auth credential (Zendesk's `{email}/token`) carries the token as its password.
    const renewed: Record<string, string> =
      'password' in rest
        ? { password: tokens.accessToken }
        : { accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) };
    await store.write(path, { ...rest, ...renewed }, { cas: current.version });
    kept[provider] = connectionId;
  }
  return kept;
}
