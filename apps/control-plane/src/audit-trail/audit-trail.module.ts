import { Module } from '@nestjs/common';
import { AuditTrailResolver } from './audit-trail.resolver';

@Module({ providers: [AuditTrailResolver] })
export class AuditTrailModule {}
