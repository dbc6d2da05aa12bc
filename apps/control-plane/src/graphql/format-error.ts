import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '@causeway/platform';

/**
 * The one mapping from exceptions to GraphQL errors. Every error carries a stable
 * `extensions.code` (the contract's code, upper-cased: `FORBIDDEN`, `INVALID_INPUT`, …);
 * unexpected errors become `INTERNAL` without their message, which stays in the log.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, log: (err: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code.toUpperCase(),
        ...(original.extra.field ? { field: original.extra.field } : {}),
        ...(original.extra.retryAfterMs ? { retryAfterMs: original.extra.retryAfterMs } : {}),
      },
    };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
    return { ...base, message: status < 500 ? original.message : 'internal error', extensions: { code } };
  }
  const apolloCode = formatted.extensions?.code;
  // Parse, validation and variable-coercion errors are the client's: keep their message.
  if (apolloCode === 'GRAPHQL_PARSE_FAILED' || apolloCode === 'GRAPHQL_VALIDATION_FAILED' || apolloCode === 'BAD_USER_INPUT' || apolloCode === 'QUERY_TOO_COMPLEX') {
    return { ...base, message: formatted.message, extensions: { code: apolloCode === 'BAD_USER_INPUT' ? 'INVALID_INPUT' : String(apolloCode) } };
  }
  log(original ?? error);
  return { ...base, message: 'internal error', extensions: { code: 'INTERNAL' } };
}
