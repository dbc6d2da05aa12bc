import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * One place decides how action schemas are compiled, so the build-time check and the
 * runtime validator can never disagree about what a valid schema is.
 *
 * `strict` turns a misspelt keyword into an error instead of a silently ignored one;
 * `useDefaults` lets a schema's `default` fill an omitted input (environment `master`).
 */
export function createJsonSchemaCompiler(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: false, useDefaults: true, coerceTypes: false });
  addFormats(ajv);
  return ajv;
}
