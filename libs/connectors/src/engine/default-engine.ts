import { catalog } from '../catalog';
import { createConnectorEngine, type ConnectorEngine, type ExecuteActionCall } from './execute-action';
import type { ActionResult } from './types';

let shared: ConnectorEngine | undefined;

/**
 * Runs an action of the built-in catalog with the default undici transport. Services that
 * need their own transport (egress guard, pool) or clock use `createConnectorEngine`.
 */
export function executeAction(call: ExecuteActionCall): Promise<ActionResult> {
  shared ??= createConnectorEngine({ catalog });
  return shared.executeAction(call);
}
