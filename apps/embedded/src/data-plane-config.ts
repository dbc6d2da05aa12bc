import { join } from 'node:path';
import { dataPlaneConfigSchema, type DataPlaneConfig } from '@causeway/data-plane';
import type { EmbeddedConfig } from './config';

/**
 * The data plane's settings inside the embedded default: its ports and directories under the
 * data directory, the control plane beside it, and the operator's own quotas (without them the
 * data plane's defaults would cap every key at 1,200 calls a minute whatever was set).
 */
export function embeddedDataPlaneConfig(
  config: EmbeddedConfig,
  wiring: { dataDir: string; controlPlaneUrl: string; internalToken: string; egress: Record<string, string> },
): DataPlaneConfig {
  return dataPlaneConfigSchema.parse({
    PORT: config.DATA_PLANE_PORT,
    HOST: config.HOST,
    LOG_LEVEL: config.LOG_LEVEL,
    INSTANCE_ID: 'embedded',
    CAUSEWAY_SECRETS_DIR: join(wiring.dataDir, 'secrets'),
    AUDIT_SPOOL_DIR: join(wiring.dataDir, 'audit-spool'),
    AUDIT_SPOOL_SEAL_MS: config.AUDIT_SPOOL_SEAL_MS,
    CONTROL_PLANE_URL: wiring.controlPlaneUrl,
    CAUSEWAY_INTERNAL_TOKEN: wiring.internalToken,
    // The in-process bus cannot be down while this process is up: no side channel needed.
    CONFIG_POLL_INTERVAL_MS: 0,
    TENANT_CALLS_PER_MINUTE: config.TENANT_CALLS_PER_MINUTE,
    KEY_CALLS_PER_MINUTE: config.KEY_CALLS_PER_MINUTE,
    KEY_CONCURRENT_CALLS: config.KEY_CONCURRENT_CALLS,
    // The bundled simulators listen on loopback over plain HTTP.
    ...wiring.egress,
  });
}
