import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '@causeway/platform';
import { GRAPHQL_REFUSAL_CODES } from '@causeway/contracts';

const REFUSAL_CODES = new Set(Object.keys(GRAPHQL_REFUSAL_CODES).map((code) => code.toUpperCase()));

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
  const apolloCode = String(formatted.extensions?.code ?? '');
  const refusal = requestRefusalCode(apolloCode, formatted.message);
  if (refusal) return { ...base, message: formatted.message, extensions: { code: refusal } };
  // The operation limits' string bound names the argument at fault.
  if (apolloCode === 'INVALID_INPUT' && typeof formatted.extensions?.field === 'string') {
    return { ...base, message: formatted.message, extensions: { code: 'INVALID_INPUT', field: formatted.extensions.field } };
  }
  // Parse, validation and variable-coercion errors are the client's: keep their message.
  if (apolloCode === 'GRAPHQL_PARSE_FAILED' || apolloCode === 'GRAPHQL_VALIDATION_FAILED' || apolloCode === 'BAD_USER_INPUT') {
    return { ...base, message: formatted.message, extensions: { code: apolloCode === 'BAD_USER_INPUT' ? 'INVALID_INPUT' : apolloCode } };
  }
  log(original ?? error);
  return { ...base, message: 'internal error', extensions: { code: 'INTERNAL' } };
}

/**
 * Refusals of the request as a whole. Apollo answers a batched array and a mutation over GET
 * with a generic BAD_REQUEST, and the parser's token limit with GRAPHQL_PARSE_FAILED; their
 * messages are what tells them apart (graphql-limits.int-spec.ts pins them; graphql-js 16
 * spells the token limit's "more that").
 */
function requestRefusalCode(apolloCode: string, message: string): string | undefined {
  if (REFUSAL_CODES.has(apolloCode)) return apolloCode;
  if (apolloCode === 'BAD_REQUEST' && message.startsWith('Operation batching disabled')) return 'BATCHED_OPERATIONS_REFUSED';
  if (apolloCode === 'BAD_REQUEST' && message.startsWith('GET requests only support query operations')) return 'MUTATION_REQUIRES_POST';
  if (apolloCode === 'GRAPHQL_PARSE_FAILED' && /^Syntax Error: (Document contains more tha[nt] \d+ tokens|Source contains more than)/.test(message))
    return 'QUERY_TOO_LARGE';
  return undefined;
}
