import { randomUUID } from 'node:crypto';
import { cloudEventSchema, type CloudEvent } from '@causeway/contracts';
import { verifierFor, type InboundRequest, type Refusal, type VendorDelivery } from '../verifiers';
import type { StoreOutcome } from './inbound-event-store';

/** What the ingest needs to know of a connection: only its provider. */
export type ConnectionProviderLookup = (tenantId: string, connectionId: string) => string | undefined;

export interface WebhookIngestDeps {
  providerOf: ConnectionProviderLookup;
  /** `fresh`: the cached secrets did not verify; a copy read a moment ago is wanted (the secret may have just changed). */
  secretsOf(tenantId: string, connectionId: string, fresh?: boolean): Promise<readonly string[]>;
  store: { storeOnce(event: CloudEvent): Promise<StoreOutcome> };
  /** Called after an event is stored, so the relay publishes it without waiting for its poll. */
  onStored?: () => void;
  onOutcome?: (provider: string, outcome: IngestOutcome['status']) => void;
  now?: () => number;
}

export type IngestOutcome =
  | { status: 'stored'; id: string }
  | { status: 'duplicate'; id: string }
  | { status: 'challenge'; challenge: string }
  | { status: 'refused'; refusal: Refusal; detail: string }
  /** No such connection, no verifier for its provider, or no secret configured: indistinguishable outside. */
  | { status: 'unknown' };

/**
 * One vendor delivery: find the connection's provider and secrets, verify, wrap in the
 * CloudEvents envelope, store once. A refused delivery stores nothing; an accepted one is
 * durable before this resolves (the caller answers the vendor only then).
 */
export class WebhookIngest {
  private readonly now: () => number;

  constructor(private readonly deps: WebhookIngestDeps) {
    this.now = deps.now ?? Date.now;
  }

  async receive(tenantId: string, connectionId: string, request: InboundRequest): Promise<IngestOutcome> {
    const provider = this.deps.providerOf(tenantId, connectionId);
    const verifier = provider ? verifierFor(provider) : undefined;
    if (!provider || !verifier) return this.report(provider ?? 'unknown', { status: 'unknown' });
    const now = this.now();
    const cached = await this.deps.secretsOf(tenantId, connectionId);
    let verified = cached.length > 0 ? verifier.verify(request, cached, now) : undefined;
    // A secret set or registered a moment ago must verify the vendor's next delivery (Slack
    // checks the URL as soon as it is saved): look again. The store bounds how often.
    if (!verified || (!verified.ok && verified.refusal === 'bad_signature')) {
      const fresh = await this.deps.secretsOf(tenantId, connectionId, true);
      if (fresh !== cached) verified = fresh.length > 0 ? verifier.verify(request, fresh, now) : undefined;
    }
    if (!verified) return this.report(provider, { status: 'unknown' });
    if (!verified.ok) return this.report(provider, { status: 'refused', refusal: verified.refusal, detail: verified.detail });
    if ('challenge' in verified) return this.report(provider, { status: 'challenge', challenge: verified.challenge });
    const event = envelope(tenantId, connectionId, provider, verified.delivery, now);
    const outcome = await this.deps.store.storeOnce(event);
    if (outcome.stored) this.deps.onStored?.();
    return this.report(provider, outcome.stored ? { status: 'stored', id: outcome.id } : { status: 'duplicate', id: outcome.id });
  }

  private report(provider: string, outcome: IngestOutcome): IngestOutcome {
    this.deps.onOutcome?.(provider, outcome.status);
    return outcome;
  }
}

/** The CloudEvents 1.0 envelope of a vendor delivery; validated, so nothing malformed is stored. */
export function envelope(tenantId: string, connectionId: string, provider: string, delivery: VendorDelivery, nowMs: number): CloudEvent {
  const vendorTime = delivery.time && !Number.isNaN(Date.parse(delivery.time)) ? new Date(delivery.time).toISOString() : undefined;
  return cloudEventSchema.parse({
    specversion: '1.0',
    id: randomUUID(),
    source: `/connections/${connectionId}`,
    type: delivery.type,
    subject: delivery.subject?.slice(0, 500),
    time: vendorTime ?? new Date(nowMs).toISOString(),
    datacontenttype: 'application/json',
    data: delivery.data,
    tenantid: tenantId,
    connectionid: connectionId,
    provider,
    deliveryid: delivery.deliveryId.slice(0, 200),
  });
}
