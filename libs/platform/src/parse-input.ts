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
 * The first problem zod found: its dot path (an unknown key is named by the key itself, since
 * its path is the object holding it; empty when the value as a whole is wrong) and message.
 * For the edges that report a problem rather than throw it (a dead-lettered message, an
 * upstream document).
 */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  return { path, message: issue.message };
}

/**
 * Validates what a caller sent against a zod schema; the first problem becomes the contract's
 * `invalid_input` naming the field ("first zod issue → invalid_input", once for every edge).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseInputOptions = {}): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { path, message } = firstIssue(parsed.error);
  const field = options.field ?? (options.fieldOf ? options.fieldOf(path) : path) ?? '';
  const named = field || (options.whole ?? 'body');
  throw new AppError('invalid_input', `${named}: ${message}`, { field: named });
}
