import { z } from 'zod';

/** Reusable field schemas so every app reads the shared variables the same way. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info');

export const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' })
  .optional();

/** `host:port[,host:port...]`, as kafkajs takes it. */
export const kafkaBrokers = z
  .string()
  .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'expected host:port[,host:port...]')
  .transform((value) => value.split(','))
  .optional();

export const positiveMs = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
