import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { TenantConnectorModel, TenantConnectorVersionModel, UploadedTenantConnectorModel, UploadTenantConnectorInput } from './tenant-connector.models';
import { toTenantConnectorVersion } from './tenant-connector.mappers';
import { TenantConnectorsService } from './tenant-connectors.service';

/** Connectors are what connections are made to: the same permissions guard both. */
@Resolver(() => TenantConnectorModel)
export class TenantConnectorsResolver {
  constructor(private readonly connectors: TenantConnectorsService) {}

  @RequirePermission('read:Connection')
  @Query(() => [TenantConnectorModel], { description: "The tenant's own connectors (uploaded OpenAPI documents)." })
  tenantConnectors(@CurrentPrincipal() principal: Principal) {
    return this.connectors.list(tenantOf(principal));
  }

  @RequirePermission('read:Connection')
  @Query(() => [TenantConnectorVersionModel], { description: 'Every version of one connector, newest first.' })
  async tenantConnectorVersions(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the tenant connector.' }) id: string,
  ) {
    return (await this.connectors.versions(tenantOf(principal), parseId(id))).map(toTenantConnectorVersion);
  }

  @RequirePermission('create:Connection')
  @Mutation(() => UploadedTenantConnectorModel, { description: 'Validates the document and overlay, stores them as a new version and makes it active.' })
  async uploadTenantConnector(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The documents to upload.' }) input: UploadTenantConnectorInput,
  ): Promise<UploadedTenantConnectorModel> {
    const uploaded = await this.connectors.upload(tenantOf(principal), actorOf(principal), {
      slug: input.slug,
      document: input.openApiDocument,
      overlay: input.overlayDocument,
    });
    return { connector: uploaded.connector, version: toTenantConnectorVersion(uploaded.version), warnings: uploaded.warnings };
  }

  @RequirePermission('update:Connection')
  @Mutation(() => TenantConnectorModel, { description: 'Makes one stored version the one agents see.' })
  activateTenantConnectorVersion(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the tenant connector.' }) id: string,
    @Args('version', { type: () => Int, description: 'A stored version number of this connector.' }) version: number,
  ) {
    return this.connectors.activate(tenantOf(principal), actorOf(principal), parseId(id), version);
  }

  @RequirePermission('update:Connection')
  @Mutation(() => TenantConnectorModel, { description: 'Back to the newest version before the active one.' })
  rollbackTenantConnector(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the tenant connector.' }) id: string) {
    return this.connectors.rollback(tenantOf(principal), actorOf(principal), parseId(id));
  }

  @RequirePermission('delete:Connection')
  @Mutation(() => TenantConnectorModel, { description: 'Removes the connector and its versions; refused while connections use it.' })
  deleteTenantConnector(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the tenant connector.' }) id: string) {
    return this.connectors.delete(tenantOf(principal), actorOf(principal), parseId(id));
  }
}
