import { catalog, createCatalog, createConnectorEngine, createPostgresDriver, type ConnectorEngine, type ProviderDefinition } from '@causeway/connectors';
import { createDatabaseTargetApprover, createGuardedTransport, hostsOfUrls, type EgressGuard } from '@causeway/egress';
import type { ConnectionRecord } from '../config-view/records';

/** The connector engine for one connection, sending through the egress guard. */
export type EngineFor = (provider: ProviderDefinition, connection: ConnectionRecord) => ConnectorEngine;

/**
 * Every outbound call may go only to the provider's declared hosts, plus the hosts the
 * connection itself carries: an instance URL the provider handed us at consent (Salesforce)
 * and server overrides an operator allowed (simulators). Agents supply none of these. The
 * hosts are the definition's own, so a tenant's connector reaches exactly the hosts its
 * upload declared, and the guard refuses private and loopback addresses as for built-ins.
 */
export function engineFactory(guard: EgressGuard): EngineFor {
  // One engine (transport, egress policy, parsed hosts) per connection record and provider
  // definition, not per call. The config view replaces a record object when the connection
  // changes and a tenant connector's definition when a version is activated, so a change gets
  // a new engine and the old one is collected with its record.
  const engines = new WeakMap<ConnectionRecord, WeakMap<ProviderDefinition, ConnectorEngine>>();
  // A provider reached through a database protocol (PostgreSQL) runs on the database driver:
  // the tenant's host passes the same operator settings (private addresses refused unless
  // allowed), resolved once, and the driver dials the approved address.
  const databaseDriver = createPostgresDriver({ catalog, approveTarget: createDatabaseTargetApprover({ settings: guard.settings }) });
  return (provider, connection) => {
    if (provider.database) return databaseDriver;
    let byProvider = engines.get(connection);
    if (!byProvider) engines.set(connection, (byProvider = new WeakMap()));
    let engine = byProvider.get(provider);
    if (!engine) {
      const transport = createGuardedTransport({ guard, policyFor: { declaredHosts: provider.hosts, instanceHosts: hostsOfUrls(connectionUrls(connection)) } });
      // A built-in runs from the shipped catalog; a tenant's connector from its own definition.
      engine = createConnectorEngine({ catalog: catalog.provider(provider.id) === provider ? catalog : createCatalog([provider]), transport });
      byProvider.set(provider, engine);
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
