import { z } from 'zod';

/**
 * Named conversions an input value can go through on its way into a request. They exist
 * because an agent should not have to hand-write vendor encodings (Atlassian Document
 * Format, JSON-in-a-form-field); each one is small and lives in engine/transforms.ts.
 */
export const VALUE_TRANSFORMS = ['adf_from_text', 'json_string', 'base64'] as const;
export type ValueTransform = (typeof VALUE_TRANSFORMS)[number];

/** A reference to an input property (dot path, e.g. `fields` or `author.name`). */
export interface InputRef {
  $input: string;
  transform?: ValueTransform;
}

/**
 * Request pieces (query, headers, body) are written as templates: literals are sent as
 * written, `{ $input }` references are replaced with the caller's value, and a reference
 * whose value is absent removes its key altogether (so optional inputs stay optional).
 */
export type ValueTemplate = string | number | boolean | null | InputRef | ValueTemplate[] | { [key: string]: ValueTemplate };

export const inputRefSchema = z.strictObject({
  $input: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dot path'),
  transform: z.enum(VALUE_TRANSFORMS).optional(),
});

export const valueTemplateSchema: z.ZodType<ValueTemplate> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    inputRefSchema,
    z.array(valueTemplateSchema),
    z.record(z.string(), valueTemplateSchema).refine((record) => !Object.keys(record).some((key) => key.startsWith('$')), {
      message: 'keys starting with `$` are reserved; an input reference is exactly { $input, transform? }',
    }),
  ]),
);

export function isInputRef(value: unknown): value is InputRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$input' in value;
}

/** Every `$input` path a template refers to, for the "does the input declare it" check. */
export function collectInputRefs(template: ValueTemplate | undefined, into: string[] = []): string[] {
  if (template === undefined || template === null || typeof template !== 'object') return into;
  if (isInputRef(template)) {
    into.push(template.$input);
    return into;
  }
  const children = Array.isArray(template) ? template : Object.values(template);
  for (const child of children) collectInputRefs(child, into);
  return into;
}
