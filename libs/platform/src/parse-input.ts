import type { z } from 'zod';
import { AppError } from './app-error';

export interface ParseInputOptions {
  /** Names the field outright (a path or query parameter parsed on its own). */
  field?: string;
  /** Turns the issue's dot path into the name the caller knows it by (`_causeway.cursor`, `input.text`). */
  fieldOf?: (path: string) => string;
  /** The name when the issue is about the value as a whole. Default `body`. */
  whole?: string;
}

/**
 * Validates what a caller sent against a zod schema; the first problem becomes the contract's
 * `invalid_input` naming the field ("first zod issue → invalid_input", once for every edge).
 * An unknown key is named by the key itself, since its path is the object holding it.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseInputOptions = {}): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  const field = options.field ?? (options.fieldOf ? options.fieldOf(path) : path) ?? '';
  const named = field || (options.whole ?? 'body');
  throw new AppError('invalid_input', `${named}: ${issue.message}`, { field: named });
}
