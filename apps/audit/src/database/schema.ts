import { AuditRecord } from '../events/audit-record.entity';
import { migrations } from './migrations';

export const AUDIT_SCHEMA = 'audit';
export const auditEntities = [AuditRecord];
export const auditMigrations = migrations;
