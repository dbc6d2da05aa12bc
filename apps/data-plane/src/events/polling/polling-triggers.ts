import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { pollingTriggerSpecSchema } from '@causeway/contracts';
import { PollingTrigger } from './polling-trigger.entity';

/** A trigger's row as written directly; the kind and params are checked by the contract the control plane checks them with. */
const owner = z.object({ tenantId: z.string().min(1).max(100), connectionId: z.string().min(1).max(200) });
export const pollingTriggerInput = z.intersection(owner, pollingTriggerSpecSchema);

export type PollingTriggerInput = z.input<typeof pollingTriggerInput>;

/**
 * Writes a trigger's row directly, for tests of the poller and scheduler. In a running data plane
 * the rows are a projection of the control plane's triggers (GraphQL `createPollingTrigger`, the
 * config stream and snapshot; `trigger-projection.ts`), which deletes rows it does not know.
 * Invalid input is a value, not a throw.
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
