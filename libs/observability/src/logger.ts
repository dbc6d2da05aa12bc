import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentCorrelationId } from './correlation';
import { activeTraceIds } from './tracing/spans';

export type { Logger } from 'pino';

/**
 * Structured JSON logs with the service name, the current correlation id and, when a span is
 * active, its `trace_id` and `span_id` on every line (a log line leads to its trace).
 * Known secret-bearing keys are censored as a last line of defence; code must still never
 * hand secrets to the logger.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const correlationId = currentCorrelationId();
      const ids = activeTraceIds();
      return correlationId ? { correlationId, ...ids } : { ...ids };
    },
    redact: {
      paths: [
        'password',
        'secret',
        'token',
        'accessToken',
        'refreshToken',
        'authorization',
        '*.password',
        '*.secret',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Lets Nest's own framework messages flow into the same structured log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  /** Nest's own info chatter (module init, route mapping) is debug detail for us. */
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
