import { z } from 'zod';
import { configEntitySchema } from '@causeway/contracts';
import type { Logger } from '@causeway/observability';
import type { ApprovalPolicyView } from './approval-policy-view';

const snapshotSchema = z.object({
  entries: z.array(z.object({ tenantId: z.string(), entity: configEntitySchema, entityId: z.string(), version: z.number(), data: z.record(z.string(), z.unknown()).nullable() })),
});

/**
 * Seeds the approval policy view from the control plane's config snapshot at start (the
 * `ConfigView` loads its own copy; folding both into one read is left for when that view
 * learns about policies). Failure is not fatal: the stream alone rebuilds the view, and until
 * then every tenant has the default policy (destructive tools wait for a human).
 */
export async function loadApprovalSnapshot(view: ApprovalPolicyView, url: string, token: string, logger: Logger): Promise<void> {
  try {
    const response = await fetch(new URL('/internal/config/snapshot', url), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    view.applySnapshot(snapshotSchema.parse(await response.json()).entries);
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'approval policies: snapshot unavailable; building from the stream');
  }
}
