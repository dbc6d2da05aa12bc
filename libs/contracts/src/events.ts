import { z } from 'zod';

/**
 * Event schemas carried on Kafka. Producers build events with these types; consumers
 * validate every message with the same schemas before acting on it, because a topic is an
 * input from outside like any other.
 */

const id = z.string().min(1).max(200);

export const auditActorSchema = z.object({
  type: z.enum(['user', 'api_key', 'operator', 'system']),
  id,
  /** Human-readable label (an email or key name), never a secret. */
  label: z.string().max(320).optional(),
});

export const auditOutcomeSchema = z.enum([
  'success',
  'denied',
  'throttled',
  'failed',
  'replayed',
  'pending',
  /** A call that may have reached the provider and whose answer was never recorded (the process died): see docs/audit.md. */
  'outcome_unknown',
]);

export const auditEventSchema = z.object({
  /** Stable event id: consumers are idempotent on it. */
  id: z.uuid(),
  specVersion: z.literal(1),
  tenantId: id,
  occurredAt: z.iso.datetime({ offset: true }),
  actor: auditActorSchema,
  /** What happened, `<entity>.<verb>` for admin events (`tenant.created`) or `tool.call`. */
  action: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'expected <entity>.<verb>'),
  outcome: auditOutcomeSchema,
  target: z.object({ type: z.string().min(1).max(100), id }).optional(),
  correlationId: z.string().max(200).optional(),
  workflowRunId: z.string().max(200).optional(),
  tool: z.string().max(200).optional(),
  connectionId: id.optional(),
  upstreamStatus: z.number().int().min(100).max(599).optional(),
  attempts: z.number().int().min(0).optional(),
  latencyMs: z.number().min(0).optional(),
  /** A before/after or call summary; producers leave secrets and payload bodies out. */
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditActor = z.infer<typeof auditActorSchema>;
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

export const configEntitySchema = z.enum([
  'tenant',
  'api_key',
  'role',
  'membership',
  'connection',
  'policy',
  'tenant_connector',
  'event_subscription',
  'polling_trigger',
]);

/** One change on the compacted config topic; keyed by `entityId` so compaction keeps the last. */
export const configEventSchema = z.object({
  id: z.uuid(),
  specVersion: z.literal(1),
  tenantId: id,
  entity: configEntitySchema,
  entityId: id,
  op: z.enum(['upsert', 'delete']),
  /** When the control plane wrote the change (ms since epoch). Informative: consumers apply a key's changes in arrival order. */
  version: z.number().int().min(0),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export type ConfigEvent = z.infer<typeof configEventSchema>;
export type ConfigEntity = z.infer<typeof configEntitySchema>;
