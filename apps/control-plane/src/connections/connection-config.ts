import type { Connection } from './connection.entity';

/** What the data plane needs to route a call through a connection; never a secret. */
export function connectionConfig(c: Connection, op: 'upsert' | 'delete' = 'upsert') {
  return {
    entity: 'connection' as const,
    entityId: c.id,
    op,
    version: Date.now(),
    data:
      op === 'delete'
        ? null
        : {
            provider: c.provider,
            name: c.name,
            authMode: c.authMode,
            kind: c.kind,
            ownerUserId: c.ownerUserId,
            externalUserRef: c.externalUserRef,
            status: c.status,
            params: c.params,
            serverOverrides: c.serverOverrides,
          },
  };
}

/** The audit trail's view of a connection. */
export function connectionSummary(c: Connection) {
  return { provider: c.provider, name: c.name, kind: c.kind, authMode: c.authMode, status: c.status, ownerUserId: c.ownerUserId };
}
