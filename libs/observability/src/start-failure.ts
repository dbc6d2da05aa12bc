import pino, { type DestinationStream } from 'pino';
import { createLogger } from './logger';

/**
 * What a service's `main` does when it cannot start: one JSON line at `fatal` on stderr
 * (written synchronously, so it is out before the exit), then exit 1. A bad configuration's
 * message names the variables at fault, never their values.
 */
export function failStart(
  service: string,
  error: unknown,
  destination: DestinationStream = pino.destination({ fd: 2, sync: true }),
  exit: (code: number) => void = process.exit,
): void {
  const message = error instanceof Error ? error.message : String(error);
  createLogger(service, 'info', destination).fatal({ errorName: error instanceof Error ? error.name : typeof error }, message);
  exit(1);
}
