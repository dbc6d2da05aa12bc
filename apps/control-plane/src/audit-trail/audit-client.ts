import { AppError } from '@causeway/platform';

export interface AuditServiceSettings {
  url?: string;
  internalToken?: string;
}

export const AUDIT_SERVICE = Symbol('AUDIT_SERVICE');

/**
 * Talks to the audit service's internal HTTP API (service-to-service token). The control
 * plane never reads the audit store directly: the audit service owns it.
 */
export class AuditClient {
  constructor(private readonly settings: AuditServiceSettings) {}

  async get<T>(path: string, query: Record<string, string | number | undefined>): Promise<T> {
    if (!this.settings.url || !this.settings.internalToken) throw new AppError('unavailable', 'the audit service is not configured (AUDIT_URL, AUDIT_INTERNAL_TOKEN)');
    const url = new URL(path, this.settings.url);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${this.settings.internalToken}` }, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new AppError('unavailable', 'the audit service is unreachable; try again shortly', { retryAfterMs: 2000 });
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; field?: string } };
    if (response.ok) return body as T;
    if (response.status === 400) throw new AppError('invalid_input', body.error?.message ?? 'bad audit query', body.error?.field ? { field: body.error.field } : {});
    throw new AppError('unavailable', `the audit service answered ${response.status}`, { retryAfterMs: 2000 });
  }
}
