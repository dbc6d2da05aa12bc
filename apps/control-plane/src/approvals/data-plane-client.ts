import { AppError } from '@causeway/platform';
import { isErrorCode } from '@causeway/contracts';

/** Where the data plane's internal API is; `url` may be set after start (embedded, tests with port 0). */
export interface DataPlaneSettings {
  url?: string;
  internalToken?: string;
}

export const DATA_PLANE_SERVICE = Symbol('DATA_PLANE_SERVICE');

/**
 * Talks to the data plane's internal approvals API (service-to-service token). Approvals live
 * in the data plane's database because the data plane consumes them atomically on the call
 * path; the control plane lists and decides them through here and never reads that schema.
 */
export class DataPlaneClient {
  constructor(private readonly settings: DataPlaneSettings) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.send<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, {}, body);
  }

  private async send<T>(method: string, path: string, query: Record<string, string | number | undefined>, body?: unknown): Promise<T> {
    if (!this.settings.url || !this.settings.internalToken) throw new AppError('unavailable', 'the data plane is not configured (DATA_PLANE_URL, DATA_PLANE_INTERNAL_TOKEN)');
    const url = new URL(path, this.settings.url);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.settings.internalToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(40_000),
      });
    } catch {
      throw new AppError('unavailable', 'the data plane is unreachable; try again shortly', { retryAfterMs: 2000 });
    }
    const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; field?: string } };
    if (response.ok) return answer as T;
    const code = answer.error?.code;
    // The data plane's own refusals (not found, separation of duties, already decided, expired) pass through.
    if (code && isErrorCode(code) && response.status < 500 && code !== 'unauthenticated') {
      throw new AppError(code, answer.error?.message ?? code, answer.error?.field ? { field: answer.error.field } : {});
    }
    throw new AppError('unavailable', `the data plane answered ${response.status}`, { retryAfterMs: 2000 });
  }
}
