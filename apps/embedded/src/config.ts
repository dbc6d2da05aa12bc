import { z } from 'zod';
import { bindHost, callQuotaShape, loadConfig, logLevel, port } from '@causeway/config';

/** The embedded default needs no variable; these move ports and the data directory, and set the call quotas. */
export const embeddedConfigSchema = z.object({
  CAUSEWAY_DATA_DIR: z.string().min(1).default('.data'),
  /** Where the three services listen; loopback unless told otherwise. */
  HOST: bindHost,
  CONTROL_PLANE_PORT: port(4000),
  DATA_PLANE_PORT: port(4100),
  AUDIT_PORT: port(4200),
  /** PGlite's wire-protocol port on loopback; 0 picks a free one. */
  EMBEDDED_DB_PORT: port(0),
  LOG_LEVEL: logLevel,
  /**
   * More private `address:port` pairs the services may reach besides the bundled simulators,
   * in EGRESS_ALLOW_PRIVATE's syntax: e.g. a spec-driven simulator standing in for a tenant's
   * own connector. Empty by default: nothing else on loopback is reachable.
   */
  EMBEDDED_EGRESS_ALLOW_PRIVATE: z.string().max(2000).default(''),
  /** The data plane's quotas, as documented for it (README): the embedded default honours them too. */
  ...callQuotaShape,
  /**
   * How often the audit spool forwards its events to the audit store (ms). One process on PGlite
   * pays one store transaction per forward whatever its size: a sparse steady load paid it per
   * call. Once a second keeps the trail a second behind, and nothing acknowledged is at risk
   * (each event is written to the spool before its call is answered).
   */
  AUDIT_SPOOL_SEAL_MS: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export type EmbeddedConfig = z.infer<typeof embeddedConfigSchema>;

export function loadEmbeddedConfig(env: NodeJS.ProcessEnv = process.env): EmbeddedConfig {
  return loadConfig('embedded', embeddedConfigSchema, env);
}
