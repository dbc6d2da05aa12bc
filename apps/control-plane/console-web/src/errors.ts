import type { CombinedError } from 'urql';

/** Human wording per GraphQL error code; the server's own message is kept when it says more. */
const CODE_MESSAGES: Record<string, string> = {
  unauthenticated: 'Your session has ended. Sign in again.',
  forbidden: 'Your role does not allow this.',
  not_found: 'It no longer exists.',
  conflict: 'It changed meanwhile; reload and try again.',
  rate_limited: 'Too many attempts; wait a moment and try again.',
  needs_reauth: 'The provider needs you to reconnect.',
  unavailable: 'The service is unavailable; try again shortly.',
};

export function humanError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'The control plane cannot be reached.';
  const first = error.graphQLErrors[0];
  if (!first) return error.message;
  // The server's message is already written for people (it names what is wrong); the table
  // covers codes whose message is generic.
  const code = String(first.extensions?.code ?? '').toLowerCase();
  if (first.message && first.message !== 'internal error') return first.message;
  return CODE_MESSAGES[code] ?? 'Something went wrong on the server.';
}
