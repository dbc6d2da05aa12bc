import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CatalogAction } from '../catalog/catalog';
import { createJsonSchemaCompiler } from '../definition/json-schema-compiler';

export interface ActionValidators {
  input: ValidateFunction;
  output: ValidateFunction;
}

/**
 * Compiles each action's schemas once and keeps them as long as the action definition lives.
 * Compiling costs milliseconds; validating a compiled schema costs microseconds, and this
 * runs on every call of the hot path.
 */
export class ActionValidatorCache {
  private readonly ajv: Ajv2020 = createJsonSchemaCompiler();
  private readonly byAction = new WeakMap<CatalogAction, ActionValidators>();

  for(action: CatalogAction): ActionValidators {
    let validators = this.byAction.get(action);
    if (!validators) {
      validators = { input: this.compile(action.inputSchema), output: this.compile(action.outputSchema) };
      this.byAction.set(action, validators);
    }
    return validators;
  }

  /**
   * The compiled function keeps what it needs; ajv's own cache would keep every schema ever
   * compiled (and refuse a second schema with the same `$id`). Tenants' connectors replace
   * their definitions on every activated version, so the old ones must be collectable.
   */
  private compile(schema: CatalogAction['inputSchema']): ValidateFunction {
    const validate = this.ajv.compile(schema);
    this.ajv.removeSchema(schema);
    return validate;
  }
}

/** The input field an ajv error is about, as a dot path (`channel`, `fields.Name`). */
export function fieldOfSchemaError(error: ErrorObject | undefined): string | undefined {
  if (!error) return undefined;
  const base = error.instancePath.split('/').filter(Boolean).join('.');
  const params = error.params as Record<string, unknown>;
  const child = params['missingProperty'] ?? params['additionalProperty'];
  if (typeof child === 'string') return base ? `${base}.${child}` : child;
  return base || undefined;
}

export function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'does not match the schema';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `unknown property "${String(params['additionalProperty'])}"`;
  if (error.keyword === 'required') return `missing required property "${String(params['missingProperty'])}"`;
  const at = error.instancePath || '(root)';
  return `${at} ${error.message ?? 'is invalid'}`;
}
