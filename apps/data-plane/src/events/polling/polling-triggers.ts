import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { PollingTrigger } from './polling-trigger.entity';

/** A trigger as its config source gives it; bounded, so nothing unreadable reaches the poller. */
const owner = { tenantId: z.string().min(1).max(100), connectionId: z.string().min(1).max(200) };
const soqlName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be a SOQL name');
export const pollingTriggerInput = z.discriminatedUnion('kind', [
  z.object({
    ...owner,
    kind: z.literal('jira.issues'),
    params: z
      .object({ jql: z.string().min(1).max(2_000).optional() })
      .strict()
      .default({}),
  }),
  z.object({ ...owner, kind: z.literal('salesforce.records'), params: z.object({ object: soqlName, fields: z.array(soqlName).max(50).optional() }).strict() }),
]);

export type PollingTriggerInput = z.input<typeof pollingTriggerInput>;

/**
 * The config source of polling triggers for now: rows in the data plane's `polling_triggers`,
 * created through this (by an operator script or the embedded default's setup; a GraphQL
 * mutation in the control plane is the next step, docs/events.md). Invalid input is a value,
 * not a throw.
 */
export async function createPollingTrigger(
  dataSource: DataSource,
  input: PollingTriggerInput,
): Promise<{ ok: true; trigger: PollingTrigger } | { ok: false; problem: string }> {
  const parsed = pollingTriggerInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'trigger'}: ${issue?.message ?? 'invalid'}` };
  }
  const repository = dataSource.getRepository(PollingTrigger);
  const trigger = await repository.save(repository.create({ ...parsed.data, cursor: null, enabled: true }));
  return { ok: true, trigger };
}
