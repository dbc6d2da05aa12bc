import type { TenantConnectorVersion } from './tenant-connector.entity';
import type { TenantConnectorVersionModel } from './tenant-connector.models';

export function toTenantConnectorVersion(v: TenantConnectorVersion): TenantConnectorVersionModel {
  return {
    version: v.version,
    tools: v.definition.actions.map((a) => ({ name: a.id, title: a.title, sideEffect: a.sideEffect })),
    hosts: v.definition.hosts,
    authModes: v.definition.authModes.map((m) => m.id),
    specSha256: v.specSha256,
    specBytes: v.specBytes,
    createdAt: v.createdAt,
  };
}
