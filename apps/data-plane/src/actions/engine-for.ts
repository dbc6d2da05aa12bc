import { catalog, createConnectorEngine, type ConnectorEngine, type ProviderDefinition } from '@causeway/connectors';
import { createGuardedTransport, type EgressGuard } from '@causeway/egress';
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
      const transport = createGuardedTransport({ guard, policyFor: { declaredHosts: provider.hosts, instanceHosts: instanceHostsOf(connection) } });
      engine = createConnectorEngine({ catalog, transport });
      byProvider.set(provider.id, engine);
    }
    return engine;
  };
}

/** Hosts of the connection's verified instance URL and of operator-allowed server overrides. */
export function instanceHostsOf(connection: ConnectionRecord): string[] {
  return [...Object.values(connection.params).filter((v) => /^https?:\/\//.test(v)), ...Object.values(connection.serverOverrides ?? {})].flatMap((url) => {
    try {
      return [new URL(url.replace(/\{[^}]+\}/g, 'x')).hostname];
    } catch {
      return [];
    }
  });
}
