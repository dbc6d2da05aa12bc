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
  return (provider, connection) => {
    const transport = createGuardedTransport({ guard, policyFor: { declaredHosts: provider.hosts, instanceHosts: instanceHostsOf(connection) } });
    return createConnectorEngine({ catalog, transport });
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
