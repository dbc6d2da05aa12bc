import {
  INTERNAL_APPROVALS_API,
  type ApprovalAnswerWire,
  type ApprovalDecisionWire,
  type ApprovalStatus,
  type ApprovalPageWire,
  type KeyTrustAnswerWire,
  type KeyUsageAnswerWire,
} from '@causeway/contracts';
import { InternalServiceClient, type InternalServiceSettings } from '../common/internal-service-client';

export type DataPlaneSettings = InternalServiceSettings;

export const DATA_PLANE_SERVICE = Symbol('DATA_PLANE_SERVICE');

/**
 * The data plane's internal approvals API. Approvals live in the data plane's database because
 * the data plane consumes them atomically on the call path; the control plane lists and decides
 * them through here and never reads that schema. The shapes are libs/contracts' approvals wire.
 */
export class DataPlaneClient extends InternalServiceClient {
  constructor(settings: DataPlaneSettings) {
    super({ name: 'the data plane', configuredBy: 'DATA_PLANE_URL, DATA_PLANE_INTERNAL_TOKEN', timeoutMs: 40_000 }, settings);
  }

  listApprovals(tenantId: string, query: { status?: ApprovalStatus; first: number; after?: string }): Promise<ApprovalPageWire> {
    return this.get(INTERNAL_APPROVALS_API.list(tenantId), { status: query.status, first: query.first, after: query.after });
  }

  approval(tenantId: string, approvalId: string): Promise<ApprovalAnswerWire> {
    return this.get(INTERNAL_APPROVALS_API.one(tenantId, approvalId));
  }

  decide(tenantId: string, approvalId: string, decision: ApprovalDecisionWire): Promise<ApprovalAnswerWire> {
    return this.post(INTERNAL_APPROVALS_API.decision(tenantId, approvalId), decision);
  }

  keyUsage(tenantId: string, keyId: string, days: number): Promise<KeyUsageAnswerWire> {
    return this.get(INTERNAL_APPROVALS_API.keyUsage(tenantId, keyId), { days });
  }

  keyTrust(tenantId: string, keyId: string): Promise<KeyTrustAnswerWire> {
    return this.get(INTERNAL_APPROVALS_API.keyTrust(tenantId, keyId));
  }
}
