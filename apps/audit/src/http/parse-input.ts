import type { z } from 'zod';
import { AppError } from '@causeway/platform';

/**
 * Validates request input against an endpoint's zod schema; the first problem becomes a 400
 * in the contract's error shape, naming the field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = unknownKey ?? (issue.path.map(String).join('.') || undefined);
  const message = unknownKey ? `unknown parameter ${unknownKey}` : `${field ?? 'input'}: ${issue.message}`;
  throw new AppError('invalid_input', message, field ? { field } : {});
}
