import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalog } from '@causeway/connectors';

/** One thing wrong with the arguments: the argument's dot path (empty for the whole object) and why. */
export interface ArgumentError {
  field: string;
  message: string;
}

/**
 * Every way the arguments miss the tool's input schema, for MCP's `-32602` answer: a model
 * fixes all of them in one retry instead of one per round trip.
 *
 * The call path validates with the first error only (the cheap hot path, and REST's contract
 * names one field); this runs only after the call was refused as `invalid_input`, so listing
 * everything costs nothing on a valid call. Compiled lazily, one validator per tool.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true, useDefaults: false, coerceTypes: false });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

export function argumentErrors(tool: string, input: Record<string, unknown>): ArgumentError[] {
  const action = catalog.findAction(tool)?.action;
  if (!action) return [];
  let validate = validators.get(tool);
  if (!validate) {
    validate = ajv.compile(action.inputSchema);
    validators.set(tool, validate);
  }
  if (validate(input)) return [];
  return (validate.errors ?? []).map(toArgumentError);
}

function toArgumentError(error: ErrorObject): ArgumentError {
  const base = error.instancePath.split('/').filter(Boolean).join('.');
  const params = error.params as Record<string, unknown>;
  const child = params['missingProperty'] ?? params['additionalProperty'];
  const field = typeof child === 'string' ? (base ? `${base}.${child}` : child) : base;
  if (error.keyword === 'required') return { field, message: 'is required' };
  if (error.keyword === 'additionalProperties') return { field, message: 'is not an argument of this tool' };
  if (error.keyword === 'enum') return { field, message: `must be one of ${JSON.stringify(params['allowedValues'])}` };
  return { field, message: error.message ?? 'is invalid' };
}
