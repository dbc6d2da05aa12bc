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
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    // GraphQL has its own error format (extensions.code); let its formatter see the exception.
    if (host.getType<string>() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const requestId = currentCorrelationId() ?? String(request.headers[CORRELATION_HEADER] ?? request.id);

    if (exception instanceof AppError) {
      void reply.status(exception.status).send(errorBody(exception.code, exception.message, requestId, exception.extra));
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      // Health endpoints answer with their own structured body (which dependency is down).
      if (typeof response === 'object' && response && 'dependencies' in response) {
        void reply.status(status).send(response);
        return;
      }
      const code = byStatus[status] ?? (status >= 500 ? 'internal' : 'invalid_input');
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      void reply
        .status(status)
        .send(errorBody(code, Array.isArray(message) ? message.join('; ') : String(message), requestId));
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(500).send(errorBody('internal', 'internal error', requestId));
  }
}
