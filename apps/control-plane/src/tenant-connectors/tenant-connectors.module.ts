import { Module } from '@nestjs/common';
import { TenantConnectorsResolver } from './tenant-connectors.resolver';
import { TenantConnectorsService } from './tenant-connectors.service';

@Module({
  providers: [TenantConnectorsService, TenantConnectorsResolver],
  exports: [TenantConnectorsService],
})
export class TenantConnectorsModule {}
