/** What the embedded composition root may use; nothing else imports an app. */
export { startAudit, type AuditDeps, type RunningAudit } from './audit';
export { createAuditDataSource } from './database/data-source';
export type { AuditConfig } from './config';
