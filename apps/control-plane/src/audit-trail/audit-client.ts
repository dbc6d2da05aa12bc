import { InternalServiceClient, type InternalServiceSettings } from '../common/internal-service-client';

export type AuditServiceSettings = InternalServiceSettings;

export const AUDIT_SERVICE = Symbol('AUDIT_SERVICE');

/**
 * The audit service's internal HTTP API. The control plane never reads the audit store
 * directly: the audit service owns it.
 */
export class AuditClient extends InternalServiceClient {
  constructor(settings: AuditServiceSettings) {
    super({ name: 'the audit service', configuredBy: 'AUDIT_URL, AUDIT_INTERNAL_TOKEN', timeoutMs: 10_000 }, settings);
  }
}
