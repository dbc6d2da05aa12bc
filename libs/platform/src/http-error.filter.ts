import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type ErrorCode } from '@causeway/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '@causeway/observability';
import { AppError } from './app-error';

const byStatus: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The one mapping from exceptions to the HTTP error body of the contract. Unexpected errors
 * become `internal` without their message: internals (and any secret in them) stay in the log.
 */
export function errorReply(exception: unknown, requestId: string): { status: number; body: unknown; unexpected: boolean; headers: Record<string, string> } {
  if (exception instanceof AppError) {
    const retryAfterMs = exception.extra.retryAfterMs;
    // HTTP's own signal as well as the body's, for clients and proxies that know only the header.
    const headers: Record<string, string> =
      typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } : {};
    return { status: exception.status, body: errorBody(exception.code, exception.message, requestId, exception.extra), unexpected: false, headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    // Health endpoints answer with their own structured body (which dependency is down).
    if (typeof response === 'object' && response && 'dependencies' in response) return { status, body: response, unexpected: false, headers: {} };
    const code = byStatus[status] ?? (status >= 500 ? 'internal' : 'invalid_input');
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return { status, body: errorBody(code, Array.isArray(message) ? message.join('; ') : String(message), requestId), unexpected: false, headers: {} };
  }
  return { status: 500, body: errorBody('internal', 'internal error', requestId), unexpected: true, headers: {} };
}

/** The request id an error body carries: the correlation id, else the request's own id. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined>; id: string }): string {
  return currentCorrelationId() ?? String(request.headers[CORRELATION_HEADER] ?? request.id);
}

/** `errorReply` for Nest's HTTP routes; GraphQL errors pass through to its own formatter. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    // GraphQL has its own error format (extensions.code); let its formatter see the exception.
    if (host.getType<string>() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, unexpected, headers } = errorReply(exception, requestIdOf(http.getRequest<FastifyRequest>()));
    if (unexpected) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(status).headers(headers).send(body);
  }
}
