import { z } from 'zod';
import { actionDefinitionSchema } from './action';
import { provenanceSchema } from './provenance';

/** What a database action asks the driver to do; the SQL of the last two is the driver's own. */
export const DATABASE_OPERATIONS = ['query', 'execute', 'list_tables', 'describe_table'] as const;
export type DatabaseOperation = (typeof DATABASE_OPERATIONS)[number];

/**
 * A typed tool of a provider reached through a database protocol: everything an HTTP action
 * says for the model and the policies (description, usage, error guide, side effect and hints,
 * schemas, provenance), but a driver operation instead of an HTTP mapping. Kept apart from
 * `actions`, whose every consumer builds HTTP requests.
 */
export const databaseActionSchema = actionDefinitionSchema.omit({ http: true, pagination: true, server: true }).extend({
  database: z.strictObject({ operation: z.enum(DATABASE_OPERATIONS) }),
});

export type DatabaseActionDefinition = z.infer<typeof databaseActionSchema>;

/**
 * The guard rails of a provider reached through a tenant's own database rather than HTTP
 * (PostgreSQL). They are declared here, with the page that documents the mechanism each one
 * rests on, so the stage that executes queries (the database driver) has
 * one place to read them from and the catalog check can see they are there. The driver is
 * `database/postgresql-driver.ts`.
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
  /** The typed tools, run by the database driver (libs/connectors/src/database). */
  actions: z.array(databaseActionSchema),
});

export type DatabaseSettings = z.infer<typeof databaseSettingsSchema>;
