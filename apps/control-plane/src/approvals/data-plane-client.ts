import { InternalServiceClient, type InternalServiceSettings } from '../common/internal-service-client';

export type DataPlaneSettings = InternalServiceSettings;

export const DATA_PLANE_SERVICE = Symbol('DATA_PLANE_SERVICE');

/**
 * The data plane's internal approvals API. Approvals live in the data plane's database because
 * the data plane consumes them atomically on the call path; the control plane lists and decides
 * them through here and never reads that schema.
 */
export class DataPlaneClient extends InternalServiceClient {
  constructor(settings: DataPlaneSettings) {
    super({ name: 'the data plane', configuredBy: 'DATA_PLANE_URL, DATA_PLANE_INTERNAL_TOKEN', timeoutMs: 40_000 }, settings);
  }
}
