/**
 * PostgreSQL's SQLSTATEs for "the server went away or will not take connections now": class 08
 * (connection exception) plus admin/crash shutdown, "cannot connect now" and too many
 * connections. A query that failed with one of these did nothing that needs undoing.
 */
const POSTGRES_OUTAGE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a dependency that is not there (Node's codes). */
const SOCKET_OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** What node-postgres and ioredis say when their connection dropped or never came, without a code. */
const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Reached the max retries per request limit/;

/**
 * Whether an error thrown by a platform dependency (PostgreSQL through TypeORM or pg, Redis
 * through ioredis) means the dependency is unreachable, rather than that the request or the
 * code is wrong. Callers turn the first into `unavailable` (503, retryable) and let the second
 * stay an internal error: a database restart must read to an agent as "try again", not as a
 * defect. Follows `driverError` (TypeORM) and `cause` a few levels down.
 */
export function isDependencyOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (code.startsWith('08') || POSTGRES_OUTAGE_STATES.has(code) || SOCKET_OUTAGE_CODES.has(code))) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
    const nested = current as { driverError?: unknown; cause?: unknown };
    current = nested.driverError ?? nested.cause;
  }
  return false;
}
