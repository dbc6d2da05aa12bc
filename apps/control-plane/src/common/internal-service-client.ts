import { isErrorCode } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { serviceFetch } from '@causeway/egress';

/** Where another service's internal API is; `url` may be set after start (embedded, tests on port 0). */
export interface InternalServiceSettings {
  url?: string;
  internalToken?: string;
}

export interface InternalServiceDescription {
  /** For messages: "the audit service". */
  name: string;
  /** The variables that configure it, for the message when they are missing. */
  configuredBy: string;
  timeoutMs: number;
}

/**
 * Calls another Causeway service's internal HTTP API with the service-to-service token. The
 * other service's own refusals (a contract code below 500: not found, invalid input, a
 * decision refused) reach the admin as they are; everything else — not configured,
 * unreachable, a 5xx, our token refused — is `unavailable`, with no detail of the other side.
 */
export class InternalServiceClient {
  constructor(
    private readonly service: InternalServiceDescription,
    private readonly settings: InternalServiceSettings,
  ) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.send<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, {}, body);
  }

  private async send<T>(method: string, path: string, query: Record<string, string | number | undefined>, body?: unknown): Promise<T> {
    const { name } = this.service;
    if (!this.settings.url || !this.settings.internalToken) throw new AppError('unavailable', `${name} is not configured (${this.service.configuredBy})`);
    const url = new URL(path, this.settings.url);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await serviceFetch(url, {
        method,
        headers: { authorization: `Bearer ${this.settings.internalToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.service.timeoutMs),
      });
    } catch {
      throw new AppError('unavailable', `${name} is unreachable; try again shortly`, { retryAfterMs: 2000 });
    }
    const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; field?: string } };
    if (response.ok) return answer as T;
    const code = answer.error?.code;
    if (code && isErrorCode(code) && response.status < 500 && code !== 'unauthenticated') {
      throw new AppError(code, answer.error?.message ?? code, answer.error?.field ? { field: answer.error.field } : {});
    }
    throw new AppError('unavailable', `${name} answered ${response.status}`, { retryAfterMs: 2000 });
  }
}
