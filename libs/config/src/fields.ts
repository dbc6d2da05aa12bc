import { z } from 'zod';

/** Reusable field schemas so every app reads the shared variables the same way. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * The address a service listens on. Loopback unless told otherwise: a process started on a
 * laptop is reachable from that laptop only. Containers set `HOST=0.0.0.0` (the Dockerfiles
 * and the Helm chart do), where the pod network and its NetworkPolicy decide who reaches it.
 */
export const bindHost = z.string().trim().min(1).default('127.0.0.1');

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
