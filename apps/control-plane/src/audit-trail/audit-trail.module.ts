import { Module } from '@nestjs/common';
import { ApiKeyUsageResolver } from './api-key-usage.resolver';
import { AuditTrailResolver } from './audit-trail.resolver';

@Module({ providers: [AuditTrailResolver, ApiKeyUsageResolver] })
export class AuditTrailModule {}
