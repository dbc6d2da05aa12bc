import { z } from 'zod';
import { errorCodeSchema } from './error-mapping';
import { paginationSchema } from './pagination';
import { valueTemplateSchema } from './value-template';

/** A JSON Schema 2020-12 document; its content is checked by compiling it with ajv. */
export const jsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = Record<string, unknown>;

export const SIDE_EFFECTS = ['read', 'write', 'destructive'] as const;
export type SideEffect = (typeof SIDE_EFFECTS)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const httpMappingSchema = z.strictObject({
  method: z.enum(HTTP_METHODS),
  /**
   * Relative to the server URL. `{name}` is replaced by the URL-encoded input property;
   * `{+name}` keeps `/` so a multi-segment value (a file path) stays a path.
   */
  path: z.string().regex(/^\//, 'must start with /'),
  query: z.record(z.string(), valueTemplateSchema).optional(),
  /** An input object whose entries are all sent as query parameters (Contentful filters). */
  queryFromObject: z.string().optional(),
  headers: z.record(z.string(), valueTemplateSchema).optional(),
  body: z
    .strictObject({
      encoding: z.enum(['json', 'form']),
      value: valueTemplateSchema,
    })
    .optional(),
  response: z
    .strictObject({
      /**
       * The part of the answer the caller gets, as a body path: a GraphQL answer carries the
       * result under `data.<field>` (Linear `data.issue`). Paging and errors still read the whole body.
       */
      resultPath: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dot path')
        .optional(),
      /** MCP structured results must be objects: a top-level array is wrapped under this key. */
      wrapArrayAs: z.string().optional(),
      /** What to return for `204 No Content`; `$input` references are resolved. */
      onNoContent: valueTemplateSchema.optional(),
    })
    .optional(),
});

export const actionDefinitionSchema = z.strictObject({
  /** `<provider>.<verb>_<noun>`; the tool name agents see. */
  id: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must look like provider.verb_noun'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be semver'),
  title: z.string().min(3),
  /** What it does, in a sentence or two, for a model choosing among tools. */
  description: z.string().min(20),
  /** When to use it and when to use something else instead. */
  usage: z.string().min(20),
  /** What each error code means for the agent's next step. */
  errorGuide: z.partialRecord(errorCodeSchema, z.string().min(5)),
  sideEffect: z.enum(SIDE_EFFECTS),
  /**
   * What one call costs against a key's daily cost budget (approval policy), in the tenant's
   * own units; omitted means 0 (the call counts only against call budgets).
   */
  costUnits: z.number().int().min(0).max(1_000_000).optional(),
  hints: z.strictObject({
    readOnly: z.boolean(),
    destructive: z.boolean(),
    idempotent: z.boolean(),
    openWorld: z.boolean(),
  }),
  /** Scopes (or permissions) the credential needs, as the vendor names them. */
  scopes: z.array(z.string().min(1)),
  /** Auth modes that may call this action; all of the provider's when omitted. */
  authModes: z.array(z.string()).min(1).optional(),
  /** Which provider server to call (default `default`). */
  server: z.string().optional(),
  inputSchema: jsonSchemaSchema,
  outputSchema: jsonSchemaSchema,
  http: httpMappingSchema,
  pagination: paginationSchema.optional(),
  provenance: z.strictObject({
    docsUrl: z.url(),
    operationId: z.string().optional(),
  }),
  /** The module that defines the action (`__filename`), so validation errors can name it. */
  sourceFile: z.string().min(1),
});

export type ActionDefinition = z.infer<typeof actionDefinitionSchema>;
export type HttpMapping = z.infer<typeof httpMappingSchema>;
