import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Clock } from '../common/clock';

/**
 * The identity platform's v2.0 error answer: an OAuth `error`, a description led by the
 * AADSTS code and followed by trace and correlation ids, the numeric codes again in
 * `error_codes`. Source: learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
 * ("Handling error codes in your application", the sample error response).
 */
export function aadstsError(reply: FastifyReply, clock: Clock, status: number, error: string, code: number, message: string): FastifyReply {
  const timestamp = new Date(clock.now())
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return reply.code(status).send({
    error,
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** Microsoft Graph's error envelope (learn.microsoft.com/en-us/graph/errors). */
export function graphError(reply: FastifyReply, clock: Clock, status: number, code: string, message: string): FastifyReply {
  const requestId = randomUUID();
  return reply.code(status).send({
    error: {
      code,
      message,
      innerError: { date: new Date(clock.now()).toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': requestId },
    },
  });
}
