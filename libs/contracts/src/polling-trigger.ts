import { z } from 'zod';

/** A Salesforce object or field name: the only way a trigger's params reach a SOQL query, so nothing else gets in. */
const soqlName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be a SOQL name (letters, digits, _)');

/** What each kind of polling trigger watches, by its params (docs/events.md, "Polling triggers"). */
export const pollingTriggerParamsSchemas = {
  /** Jira issues by `updated`; `jql` restricts what is watched (e.g. `project = OPS`). */
  'jira.issues': z.object({ jql: z.string().trim().min(1).max(2_000).optional() }).strict(),
  /** Salesforce records of one object by `SystemModstamp`, with extra fields in the event. */
  'salesforce.records': z.object({ object: soqlName, fields: z.array(soqlName).max(50).optional() }).strict(),
} as const;

export const POLLING_KINDS = Object.keys(pollingTriggerParamsSchemas) as (keyof typeof pollingTriggerParamsSchemas)[];
export type PollingKind = (typeof POLLING_KINDS)[number];

/** The provider a kind polls: a trigger's connection must be one of it. */
export const POLLING_KIND_PROVIDER: Record<PollingKind, string> = { 'jira.issues': 'jira', 'salesforce.records': 'salesforce' };

/** A kind and its params, checked together: an unknown kind, an empty `jql`, a non-SOQL `object` are refused naming the field. */
export const pollingTriggerSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('jira.issues'), params: pollingTriggerParamsSchemas['jira.issues'].default({}) }),
  z.object({ kind: z.literal('salesforce.records'), params: pollingTriggerParamsSchemas['salesforce.records'] }),
]);
export type PollingTriggerSpec = z.infer<typeof pollingTriggerSpecSchema>;

/**
 * A polling trigger as the data plane receives it (config entity `polling_trigger`): what to
 * poll, on which connection, and whether to. The cursor is not here: it is the data plane's,
 * kept in its own table so a restart goes on where the last poll ended.
 */
export const pollingTriggerConfigSchema = z.intersection(
  pollingTriggerSpecSchema,
  z.object({
    id: z.uuid(),
    tenantId: z.string().min(1).max(200),
    connectionId: z.string().min(1).max(200),
    enabled: z.boolean(),
    /** Changes before the trigger existed are not its to emit. */
    createdAt: z.iso.datetime({ offset: true }),
  }),
);
export type PollingTriggerConfig = z.infer<typeof pollingTriggerConfigSchema>;
