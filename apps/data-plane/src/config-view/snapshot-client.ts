import { z } from 'zod';
import { configEntitySchema } from '@causeway/contracts';
import type { Logger } from '@causeway/observability';
import { serviceFetch } from '@causeway/egress';

const snapshotSchema = z.object({
  takenAt: z.string(),
  /** The control plane's outbox head when the snapshot was read (absent from older control planes). */
  head: z.string().regex(/^\d+$/).optional(),
  entries: z.array(
    z.object({
      tenantId: z.string(),
      entity: configEntitySchema,
      entityId: z.string(),
      version: z.number(),
      data: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

/** What the start-up snapshot seeds: the config view. */
export interface SnapshotSink {
  applySnapshot(entries: z.infer<typeof snapshotSchema>['entries']): void;
}

/**
 * Loads the control plane's config snapshot at start — once, for every view that needs it —
 * so a new replica can serve before it has read the whole stream. Failure is not fatal: the
 * stream alone rebuilds the views. Answers whether it loaded, and the outbox head it was read
 * at (where the side channel goes on from).
 */
export async function loadSnapshot(sinks: SnapshotSink[], url: string, token: string, logger: Logger): Promise<{ loaded: boolean; head?: string }> {
  try {
    const response = await serviceFetch(new URL('/internal/config/snapshot', url), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const snapshot = snapshotSchema.parse(await response.json());
    for (const sink of sinks) sink.applySnapshot(snapshot.entries);
    logger.info({ entries: snapshot.entries.length, takenAt: snapshot.takenAt }, 'config snapshot loaded');
    return { loaded: true, head: snapshot.head };
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'config snapshot unavailable; building the view from the stream');
    return { loaded: false };
  }
}
