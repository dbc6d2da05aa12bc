import type { ManualClock } from '@causeway/simulators';
import { createConnectorEngine, type ConnectorEngine } from '../engine/execute-action';
import type { ActionResult } from '../engine/types';
import { catalog } from './index';

/** An engine over the real catalog whose clock is the simulator's, for rate-limit arithmetic. */
export function engineWithClock(clock?: ManualClock): ConnectorEngine {
  return createConnectorEngine({ catalog, now: clock ? () => clock.now() : undefined, defaultTimeoutMs: 5_000 });
}

/** Narrows a result in a test, failing with the error when it was not ok. */
export function expectOk<T = Record<string, unknown>>(result: ActionResult): { data: T; nextCursor?: string } {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result as { data: T; nextCursor?: string };
}

export function expectError(result: ActionResult): Extract<ActionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.data).slice(0, 300)}`);
  return result;
}
