import { createJsonSchemaCompiler } from './json-schema-compiler';
import { formatFieldPath, type DefinitionProblem } from './problem';
import { providerDefinitionSchema } from './provider';
import { checkProvider, type LocatedIssue } from './semantic-checks';

/**
 * Checks provider definitions the way CI does: shape (zod), cross-field rules, and every
 * action schema compiled with ajv 2020. Takes `unknown` on purpose: a definition module can
 * be wrong in ways its TypeScript type would not allow, e.g. after a careless cast.
 */
export function validateCatalog(definitions: ReadonlyArray<unknown>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const providerIds = new Map<string, string>();
  for (const definition of definitions) {
    problems.push(...validateProviderDefinition(definition));
    const id = readString(definition, 'id');
    if (id === undefined) continue;
    const file = providerFile(definition);
    const earlier = providerIds.get(id);
    if (earlier) problems.push({ file, field: 'id', message: `provider id "${id}" is also used by ${earlier}` });
    providerIds.set(id, file);
  }
  return problems;
}

export function validateProviderDefinition(definition: unknown): DefinitionProblem[] {
  const parsed = providerDefinitionSchema.safeParse(definition);
  const issues: LocatedIssue[] = parsed.success
    ? checkProvider(parsed.data, createJsonSchemaCompiler())
    : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  return issues.map((issue) => locate(definition, issue));
}

/** Attributes an issue to the action module it sits in, when there is one. */
function locate(definition: unknown, issue: LocatedIssue): DefinitionProblem {
  const [first, index, ...rest] = issue.path;
  if (first === 'actions' && typeof index === 'number') {
    const actions = readProperty(definition, 'actions');
    const actionFile = Array.isArray(actions) ? readString(actions[index], 'sourceFile') : undefined;
    if (actionFile) return { file: actionFile, field: formatFieldPath(rest), message: issue.message };
  }
  return { file: providerFile(definition), field: formatFieldPath(issue.path), message: issue.message };
}

function providerFile(definition: unknown): string {
  return readString(definition, 'sourceFile') ?? `<provider ${readString(definition, 'id') ?? 'without id'}>`;
}

function readProperty(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function readString(value: unknown, key: string): string | undefined {
  const property = readProperty(value, key);
  return typeof property === 'string' ? property : undefined;
}
