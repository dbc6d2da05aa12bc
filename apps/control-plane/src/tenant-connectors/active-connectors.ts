import type { DataSource } from 'typeorm';
import { TenantConnector, TenantConnectorVersion } from './tenant-connector.entity';

/** Every connector with its active version, for the data plane's start-up snapshot. */
export async function activeTenantConnectors(dataSource: DataSource): Promise<{ connector: TenantConnector; active: TenantConnectorVersion }[]> {
  const connectors = await dataSource.getRepository(TenantConnector).find();
  if (connectors.length === 0) return [];
  const versions = await dataSource
    .getRepository(TenantConnectorVersion)
    .createQueryBuilder('v')
    .innerJoin(TenantConnector, 'c', 'c.id = v.connector_id AND c.active_version = v.version')
    .getMany();
  const byConnector = new Map(versions.map((v) => [v.connectorId, v]));
  return connectors.flatMap((connector) => {
    const active = byConnector.get(connector.id);
    return active ? [{ connector, active }] : [];
  });
}

/** The active definition of one of the tenant's connectors, by its provider id (`t_<slug>`). */
export async function activeTenantProvider(
  dataSource: DataSource,
  tenantId: string,
  providerId: string,
): Promise<TenantConnectorVersion['definition'] | undefined> {
  const connector = await dataSource.getRepository(TenantConnector).findOne({ where: { tenantId, providerId } });
  if (!connector) return undefined;
  const version = await dataSource
    .getRepository(TenantConnectorVersion)
    .findOne({ where: { tenantId, connectorId: connector.id, version: connector.activeVersion } });
  return version?.definition;
}
