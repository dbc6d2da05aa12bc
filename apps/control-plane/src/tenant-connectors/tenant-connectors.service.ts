import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThan, QueryFailedError, type EntityManager } from 'typeorm';
import type { AuditActor } from '@causeway/contracts';
import { Connection } from '../connections/connection.entity';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { validateConnectorUpload, type ConnectorUpload } from './connector-upload';
import { TenantConnector, TenantConnectorVersion } from './tenant-connector.entity';
import { tenantConnectorConfig } from './tenant-connector-config';
import { TenantConnectorsError, TenantConnectorsErrorCode as Code } from './tenant-connectors.errors';

/** Per tenant and per connector, so one tenant's uploads cannot grow without bound. */
export const TENANT_CONNECTOR_QUOTAS = { connectorsPerTenant: 20, versionsPerConnector: 50 } as const;

export interface UploadedVersion {
  connector: TenantConnector;
  version: TenantConnectorVersion;
  warnings: string[];
}

/**
 * Tenants' own connectors: each upload is validated whole (connector-upload.ts) before
 * anything is written, then stored as a new immutable version and made the active one, with
 * its config change for the data plane in the same transaction.
 */
@Injectable()
export class TenantConnectorsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
  ) {}

  list(tenantId: string): Promise<TenantConnector[]> {
    return this.dataSource.getRepository(TenantConnector).find({ where: { tenantId }, order: { slug: 'ASC' } });
  }

  async versions(tenantId: string, connectorId: string): Promise<TenantConnectorVersion[]> {
    await this.get(this.dataSource.manager, tenantId, connectorId);
    return this.dataSource.getRepository(TenantConnectorVersion).find({ where: { tenantId, connectorId }, order: { version: 'DESC' } });
  }

  async upload(tenantId: string, actor: AuditActor, upload: ConnectorUpload): Promise<UploadedVersion> {
    const validated = validateConnectorUpload(upload);
    const uploaded = await this.dataSource
      .transaction(async (manager) => {
        // The first upload of a slug has no row to lock: two at once meet at the unique index.
        let connector = await manager.findOne(TenantConnector, { where: { tenantId, slug: upload.slug }, lock: { mode: 'pessimistic_write' } });
        if (!connector) {
          const count = await manager.count(TenantConnector, { where: { tenantId } });
          if (count >= TENANT_CONNECTOR_QUOTAS.connectorsPerTenant) {
            throw new TenantConnectorsError(Code.TooMany, `the tenant has ${count} connectors, the most it may have: delete one first`, 'slug');
          }
          connector = await manager.save(manager.create(TenantConnector, { tenantId, slug: upload.slug, providerId: validated.providerId, activeVersion: 1 }));
        }
        const versions = await manager.count(TenantConnectorVersion, { where: { tenantId, connectorId: connector.id } });
        if (versions >= TENANT_CONNECTOR_QUOTAS.versionsPerConnector) {
          throw new TenantConnectorsError(
            Code.TooMany,
            `${upload.slug} has ${versions} versions, the most it may keep: delete the connector or ask an operator`,
            'slug',
          );
        }
        const latest = await manager.findOne(TenantConnectorVersion, { where: { tenantId, connectorId: connector.id }, order: { version: 'DESC' } });
        const version = await manager.save(
          manager.create(TenantConnectorVersion, {
            tenantId,
            connectorId: connector.id,
            version: (latest?.version ?? 0) + 1,
            definition: validated.definition,
            specSha256: validated.specSha256,
            specBytes: validated.specBytes,
            createdBy: actor.id,
          }),
        );
        const before = latest ? { activeVersion: connector.activeVersion } : null;
        connector.activeVersion = version.version;
        connector = await manager.save(connector);
        await this.recordActivation(manager, actor, connector, version, latest ? 'tenant_connector.uploaded' : 'tenant_connector.created', before);
        return { connector, version, warnings: validated.warnings };
      })
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505') {
          throw new TenantConnectorsError(
            Code.ConcurrentUpload,
            `another upload of ${upload.slug} was stored at the same moment: list the versions and upload again if needed`,
            'slug',
          );
        }
        throw error;
      });
    this.nudgeOutbox();
    return uploaded;
  }

  /** Makes an earlier (or later) version the one agents see; versions themselves never change. */
  async activate(tenantId: string, actor: AuditActor, connectorId: string, versionNumber: number): Promise<TenantConnector> {
    const connector = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(manager, tenantId, connectorId, true);
      const version = await manager.findOne(TenantConnectorVersion, { where: { tenantId, connectorId, version: versionNumber } });
      if (!version) throw new TenantConnectorsError(Code.NotFound, `version: ${found.slug} has no version ${versionNumber}`, 'version');
      return this.switchTo(manager, actor, found, version);
    });
    this.nudgeOutbox();
    return connector;
  }

  /** Back to the newest version older than the active one. */
  async rollback(tenantId: string, actor: AuditActor, connectorId: string): Promise<TenantConnector> {
    const connector = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(manager, tenantId, connectorId, true);
      const previous = await manager.findOne(TenantConnectorVersion, {
        where: { tenantId, connectorId, version: LessThan(found.activeVersion) },
        order: { version: 'DESC' },
      });
      if (!previous) throw new TenantConnectorsError(Code.NotFound, `version: ${found.slug} has no version before ${found.activeVersion}`, 'version');
      return this.switchTo(manager, actor, found, previous);
    });
    this.nudgeOutbox();
    return connector;
  }

  /** Removes the connector and every version; refused while a connection still uses it. */
  async delete(tenantId: string, actor: AuditActor, connectorId: string): Promise<TenantConnector> {
    const deleted = await this.dataSource.transaction(async (manager) => {
      const connector = await this.get(manager, tenantId, connectorId, true);
      const inUse = await manager.count(Connection, { where: { tenantId, provider: connector.providerId } });
      if (inUse > 0) throw new TenantConnectorsError(Code.InUse, `${connector.slug} has ${inUse} connection(s): delete them first`, 'id');
      await manager.delete(TenantConnectorVersion, { tenantId, connectorId });
      await manager.delete(TenantConnector, { tenantId, id: connectorId });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'tenant_connector.deleted',
        target: { type: 'tenant_connector', id: connector.id },
        before: { slug: connector.slug, providerId: connector.providerId, activeVersion: connector.activeVersion },
        after: null,
        config: tenantConnectorConfig(connector, null),
      });
      return connector;
    });
    this.nudgeOutbox();
    return deleted;
  }

  private async switchTo(manager: EntityManager, actor: AuditActor, connector: TenantConnector, version: TenantConnectorVersion): Promise<TenantConnector> {
    const before = { activeVersion: connector.activeVersion };
    connector.activeVersion = version.version;
    const saved = await manager.save(connector);
    await this.recordActivation(manager, actor, saved, version, 'tenant_connector.activated', before);
    return saved;
  }

  private recordActivation(
    manager: EntityManager,
    actor: AuditActor,
    connector: TenantConnector,
    version: TenantConnectorVersion,
    action: string,
    before: Record<string, unknown> | null,
  ) {
    return recordChange(manager, {
      tenantId: connector.tenantId,
      actor,
      action,
      target: { type: 'tenant_connector', id: connector.id },
      before,
      after: {
        slug: connector.slug,
        providerId: connector.providerId,
        activeVersion: version.version,
        tools: version.definition.actions.length,
        specSha256: version.specSha256,
      },
      config: tenantConnectorConfig(connector, version),
    });
  }

  private async get(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<TenantConnector> {
    const found = await manager.findOne(TenantConnector, { where: { tenantId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    // Another tenant's id gets the same answer as an unknown one.
    if (!found) throw new TenantConnectorsError(Code.NotFound, 'no such connector in this tenant', 'id');
    return found;
  }
}
