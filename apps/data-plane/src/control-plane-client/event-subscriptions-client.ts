import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import { serviceFetch } from '@causeway/egress';
import { AppError } from '@causeway/platform';

/** The key a subscription belongs to: it manages only what it created. */
export interface SubscriptionOwner {
  tenantId: string;
  keyId: string;
}

/** One answer of the control plane, relayed as it is (the subscription shapes are the control plane's). */
export type ControlPlaneAnswer = { status: number; body: unknown };

/**
 * The control plane's routes for an agent key's own event subscriptions
 * (`/internal/tenants/{t}/api-keys/{k}/event-subscriptions`). The control plane writes them and
 * carries them to every replica on the config stream; this replica only forwards, authenticated
 * with the service token. Its refusals (a field, an unknown id) come back as the contract's
 * errors; the control plane being unreachable, or refusing this replica's token, is `unavailable`
 * for the agent — its key is not what is wrong.
 */
export class EventSubscriptionsClient {
  constructor(
    private readonly controlPlaneUrl: string | undefined,
    private readonly internalToken: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  list(owner: SubscriptionOwner): Promise<ControlPlaneAnswer> {
    return this.send('GET', owner);
  }

  get(owner: SubscriptionOwner, id: string): Promise<ControlPlaneAnswer> {
    return this.send('GET', owner, id);
  }

  create(owner: SubscriptionOwner, input: unknown): Promise<ControlPlaneAnswer> {
    return this.send('POST', owner, undefined, input);
  }

  setPaused(owner: SubscriptionOwner, id: string, paused: boolean): Promise<ControlPlaneAnswer> {
    return this.send('PATCH', owner, id, { paused });
  }

  delete(owner: SubscriptionOwner, id: string): Promise<ControlPlaneAnswer> {
    return this.send('DELETE', owner, id);
  }

  private async send(method: string, owner: SubscriptionOwner, id?: string, body?: unknown): Promise<ControlPlaneAnswer> {
    if (!this.controlPlaneUrl || !this.internalToken)
      throw new AppError('unavailable', 'subscriptions are kept by the control plane, and this data plane is not linked to one');
    const path = `/internal/tenants/${owner.tenantId}/api-keys/${owner.keyId}/event-subscriptions${id ? `/${id}` : ''}`;
    let response: Response;
    try {
      response = await serviceFetch(new URL(path, this.controlPlaneUrl), {
        method,
        headers: { authorization: `Bearer ${this.internalToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new AppError('unavailable', 'the control plane did not answer; try again shortly', { retryAfterMs: 1000 });
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.ok) return { status: response.status, body: parsed };
    throw refusal(response.status, parsed);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The control plane's error as the agent's: its code, message and field when it is a refusal of the request. */
function refusal(status: number, body: unknown): AppError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' && error.code in ERROR_CODES ? (error.code as ErrorCode) : undefined;
  const forwardable = code === 'invalid_input' || code === 'not_found' || code === 'conflict';
  if (!code || !forwardable || status >= 500)
    return new AppError('unavailable', 'the control plane could not take this change now; try again shortly', { retryAfterMs: 1000 });
  return new AppError(code, String(error?.message ?? code).slice(0, 500), typeof error?.field === 'string' ? { field: error.field } : {});
}
