import { z } from 'zod';
import { provenanceSchema } from './provenance';

/**
 * The guard rails of a provider reached through a tenant's own database rather than HTTP
 * (PostgreSQL). They are declared here, with the page that documents the mechanism each one
 * rests on, so the stage that executes queries (a database driver stage, not built yet) has
 * one place to read them from and the catalog check can see they are there.
 */
export const databaseSettingsSchema = z.strictObject({
  engine: z.literal('postgresql'),
  /** Sessions start read-only (`default_transaction_read_only = on`); a connection may opt out. */
  readOnly: z.strictObject({ default: z.boolean(), mechanism: z.string().min(10), source: provenanceSchema }),
  /** `statement_timeout` set per session: a query running longer is cancelled by the server. */
  statementTimeout: z.strictObject({
    defaultMs: z.number().int().positive(),
    maxMs: z.number().int().positive(),
    mechanism: z.string().min(10),
    source: provenanceSchema,
  }),
  /** At most this many rows come back; read through a cursor so the server never sends more. */
  rowCap: z.strictObject({
    default: z.number().int().positive(),
    max: z.number().int().positive(),
    mechanism: z.string().min(10),
    source: provenanceSchema,
  }),
  /** TLS towards the tenant's server. */
  tls: z.strictObject({ default: z.enum(['require', 'verify-full']), source: provenanceSchema }),
});

export type DatabaseSettings = z.infer<typeof databaseSettingsSchema>;
