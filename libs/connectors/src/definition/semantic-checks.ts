import type Ajv2020 from 'ajv/dist/2020';
import type { ActionDefinition, JsonSchema } from './action';
import type { DatabaseActionDefinition } from './database';
import type { ProviderDefinition } from './provider';
import { checkProviderFacts } from './provider-checks';
import { collectInputRefs, type ValueTemplate } from './value-template';

/** A problem found inside one definition, before it is attributed to a file. */
export interface LocatedIssue {
  path: PropertyKey[];
  message: string;
}

const PLACEHOLDER = /\{(\+?)([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[2] as string);
}

/** Checks that need more than one field at a time; the zod schema has checked the shapes. */
export function checkProvider(provider: ProviderDefinition, ajv: Ajv2020): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  if (!provider.servers['default']) {
    issues.push({ path: ['servers'], message: 'must declare a `default` server' });
  }
  issues.push(...checkProviderFacts(provider));
  const modeIds = new Set<string>();
  provider.authModes.forEach((mode, index) => {
    if (modeIds.has(mode.id)) issues.push({ path: ['authModes', index, 'id'], message: `duplicate auth mode id ${mode.id}` });
    modeIds.add(mode.id);
    if (mode.server && !provider.servers[mode.server]) {
      issues.push({ path: ['authModes', index, 'server'], message: `unknown server ${mode.server}` });
    }
  });
  const actionIds = new Set<string>();
  provider.actions.forEach((action, index) => {
    if (actionIds.has(action.id)) issues.push({ path: ['actions', index, 'id'], message: `duplicate action id ${action.id}` });
    actionIds.add(action.id);
    for (const issue of checkAction(provider, action, ajv)) {
      issues.push({ path: ['actions', index, ...issue.path], message: issue.message });
    }
  });
  provider.database?.actions.forEach((action, index) => {
    if (actionIds.has(action.id)) issues.push({ path: ['database', 'actions', index, 'id'], message: `duplicate action id ${action.id}` });
    actionIds.add(action.id);
    for (const issue of checkDatabaseAction(provider, action, ajv)) {
      issues.push({ path: ['database', 'actions', index, ...issue.path], message: issue.message });
    }
  });
  return issues;
}

/** A database driver action: the same duties towards the model, no HTTP mapping to check. */
function checkDatabaseAction(provider: ProviderDefinition, action: DatabaseActionDefinition, ajv: Ajv2020): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  if (!action.id.startsWith(`${provider.id}.`)) issues.push({ path: ['id'], message: `must start with the provider id "${provider.id}."` });
  action.authModes?.forEach((modeId, index) => {
    if (!provider.authModes.some((mode) => mode.id === modeId)) issues.push({ path: ['authModes', index], message: `unknown auth mode ${modeId}` });
  });
  issues.push(...checkHints(action));
  const writes = action.database.operation === 'execute';
  if (writes === (action.sideEffect === 'read')) {
    issues.push({
      path: ['sideEffect'],
      message: writes ? 'execute runs writes: it cannot be a read' : `${action.database.operation} runs in a read-only transaction: it must be a read`,
    });
  }
  if (Object.keys(action.errorGuide).length === 0) issues.push({ path: ['errorGuide'], message: 'must explain at least one error code for the agent' });
  issues.push(...checkSchemas(action, ajv));
  return issues;
}

function checkAction(provider: ProviderDefinition, action: ActionDefinition, ajv: Ajv2020): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const push = (path: PropertyKey[], message: string) => issues.push({ path, message });

  if (!action.id.startsWith(`${provider.id}.`)) push(['id'], `must start with the provider id "${provider.id}."`);
  if (action.server && !provider.servers[action.server]) push(['server'], `unknown server ${action.server}`);
  action.authModes?.forEach((modeId, index) => {
    if (!provider.authModes.some((mode) => mode.id === modeId)) push(['authModes', index], `unknown auth mode ${modeId}`);
  });
  issues.push(...checkSideEffectHints(action));
  if (Object.keys(action.errorGuide).length === 0) {
    push(['errorGuide'], 'must explain at least one error code for the agent');
  }

  const schemaIssues = checkSchemas(action, ajv);
  issues.push(...schemaIssues);
  if (schemaIssues.length > 0) return issues;

  const properties = inputProperties(action.inputSchema);
  const required = new Set(Array.isArray(action.inputSchema['required']) ? (action.inputSchema['required'] as string[]) : []);
  for (const name of placeholdersOf(action.http.path)) {
    if (!(name in properties)) push(['http', 'path'], `placeholder {${name}} is not an input property`);
    else if (!required.has(name) && properties[name]?.['default'] === undefined) {
      push(['http', 'path'], `placeholder {${name}} must be a required input property or have a default`);
    }
  }
  const refs: Array<[PropertyKey[], ValueTemplate | undefined]> = [
    [['http', 'query'], action.http.query],
    [['http', 'headers'], action.http.headers],
    [['http', 'body', 'value'], action.http.body?.value],
    [['http', 'response', 'onNoContent'], action.http.response?.onNoContent],
  ];
  const referenced = new Set<string>(placeholdersOf(action.http.path));
  for (const [path, template] of refs) {
    for (const ref of collectInputRefs(template)) {
      const root = ref.split('.')[0] as string;
      referenced.add(root);
      if (!(root in properties)) push(path, `$input "${ref}" is not an input property`);
    }
  }
  if (action.http.queryFromObject) {
    referenced.add(action.http.queryFromObject);
    if (!(action.http.queryFromObject in properties)) push(['http', 'queryFromObject'], 'is not an input property');
  }
  if (action.pagination) {
    const cursor = action.pagination.cursorInput;
    if (!(cursor in properties)) push(['pagination', 'cursorInput'], `"${cursor}" is not an input property`);
    if (referenced.has(cursor)) push(['pagination', 'cursorInput'], `"${cursor}" is opaque and must not be mapped into the request`);
    if ('request' in action.pagination && action.pagination.request.in === 'body' && !action.http.body) {
      push(['pagination', 'request', 'in'], 'pages through the body but the action sends none');
    }
  }
  return issues;
}

function checkSideEffectHints(action: ActionDefinition): LocatedIssue[] {
  const issues = checkHints(action);
  const { sideEffect } = action;
  if (action.http.method === 'GET' && sideEffect !== 'read') {
    issues.push({ path: ['sideEffect'], message: 'a GET must be a read' });
  }
  if (action.http.method === 'DELETE' && sideEffect !== 'destructive') {
    issues.push({ path: ['sideEffect'], message: 'a DELETE removes data irreversibly; mark it destructive' });
  }
  return issues;
}

/** The MCP hints must say what the side effect says. */
function checkHints(action: Pick<ActionDefinition, 'sideEffect' | 'hints'>): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const { sideEffect, hints } = action;
  if (hints.readOnly !== (sideEffect === 'read')) {
    issues.push({ path: ['hints', 'readOnly'], message: `must be ${sideEffect === 'read'} for sideEffect "${sideEffect}"` });
  }
  if (hints.destructive !== (sideEffect === 'destructive')) {
    issues.push({ path: ['hints', 'destructive'], message: `must be ${sideEffect === 'destructive'} for sideEffect "${sideEffect}"` });
  }
  return issues;
}

function checkSchemas(action: Pick<ActionDefinition, 'inputSchema' | 'outputSchema'>, ajv: Ajv2020): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  for (const key of ['inputSchema', 'outputSchema'] as const) {
    const schema = action[key];
    if (schema['type'] !== 'object') {
      issues.push({ path: [key, 'type'], message: 'must be "object" (MCP tools take and return objects)' });
    }
    try {
      ajv.compile(schema);
    } catch (error) {
      issues.push({ path: [key], message: `does not compile as JSON Schema 2020-12: ${(error as Error).message}` });
    }
  }
  if (issues.length > 0) return issues;

  if (action.inputSchema['additionalProperties'] !== false) {
    issues.push({ path: ['inputSchema', 'additionalProperties'], message: 'must be false so a misspelt argument is refused, not ignored' });
  }
  const withExamples: Record<string, JsonSchema> = {};
  const examplesByName: Record<string, unknown[]> = {};
  for (const [name, property] of Object.entries(inputProperties(action.inputSchema))) {
    const path = ['inputSchema', 'properties', name];
    if (typeof property['description'] !== 'string' || property['description'].length < 5) {
      issues.push({ path: [...path, 'description'], message: 'every parameter needs a description for the model' });
    }
    const examples = property['examples'];
    if (!Array.isArray(examples) || examples.length === 0) {
      issues.push({ path: [...path, 'examples'], message: 'every parameter needs at least one example' });
      continue;
    }
    withExamples[name] = { type: 'array', items: property };
    examplesByName[name] = structuredClone(examples);
  }
  // One compile per action: each parameter's examples are checked as an array of its schema.
  const validate = ajv.compile({ type: 'object', properties: withExamples });
  if (!validate(examplesByName)) {
    const error = validate.errors?.[0];
    const [name, index] = (error?.instancePath ?? '').split('/').filter(Boolean);
    issues.push({
      path: ['inputSchema', 'properties', name ?? '', 'examples', Number(index ?? 0)],
      message: `example does not match the parameter's schema: ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`,
    });
  }
  return issues;
}

function inputProperties(schema: JsonSchema): Record<string, JsonSchema> {
  const properties = schema['properties'];
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, JsonSchema>) : {};
}
