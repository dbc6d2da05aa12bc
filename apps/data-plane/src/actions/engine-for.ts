import { catalog, createConnectorEngine, type ConnectorEngine, type ProviderDefinition } from '@causeway/connectors';
import { hostsOfUrls, providerTransport, type EgressGuard } from '@causeway/egress';
import type { ConnectionRecord } from '../config-view/records';

/** The connector engine for one connection, sending through the egress guard. */
export type EngineFor = (provider: ProviderDefinition, connection: ConnectionRecord) => ConnectorEngine;

/**
 * Every outbound call may go only to the provider's declared hosts, plus the hosts the
 * connection itself carries: an instance URL the provider handed us at consent (Salesforce)
 * and server overrides an operator allowed (simulators). Agents supply none of these.
 */
export function engineFactory(guard: EgressGuard): EngineFor {
  // One engine (transport, egress policy, parsed hosts) per connection record, not per call.
  // The config view replaces a record object when the connection changes, so a changed
  // connection gets a new engine and the old one is collected with its record.
  const engines = new WeakMap<ConnectionRecord, Map<string, ConnectorEngine>>();
  return (provider, connection) => {
    let byProvider = engines.get(connection);
    if (!byProvider) engines.set(connection, (byProvider = new Map()));
    let engine = byProvider.get(provider.id);
    if (!engine) {
      engine = createConnectorEngine({ catalog, transport: providerTransport(guard, provider.hosts, connectionUrls(connection)) });
      byProvider.set(provider.id, engine);
    }
    return engine;
  };
}

/** Hosts of the connection's verified instance URL and of operator-allowed server overrides. */
export function instanceHostsOf(connection: ConnectionRecord): string[] {
  return hostsOfUrls(connectionUrls(connection));
}

function connectionUrls(connection: ConnectionRecord): string[] {
  return [...Object.values(connection.params), ...Object.values(connection.serverOverrides ?? {})];
}
