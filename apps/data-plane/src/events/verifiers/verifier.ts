/**
 * What every vendor's webhook verifier takes and gives. A verifier is pure: the request as
 * received (raw body bytes: a signature covers them, not a re-serialisation), the connection's
 * secrets (two during a rotation) and the time; no I/O, so each is specified by the vendor's
 * documented examples alone.
 */
export interface InboundRequest {
  method: string;
  /** Path and query as the vendor sent them (Contentful signs them). */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/** Why a delivery is refused; nothing of a refused delivery is stored. */
export type Refusal = 'missing_signature' | 'bad_signature' | 'stale' | 'malformed';

/** One vendor event, read from a verified delivery. */
export interface VendorDelivery {
  /** The vendor's delivery or event id; a redelivery carries the same one. */
  deliveryId: string;
  /** CloudEvents type: `com.github.pull_request.opened`. */
  type: string;
  /** What the event is about (the unit of ordering), when the vendor says. */
  subject?: string;
  /** When the vendor says it happened (ISO); else the time it was received is used. */
  time?: string;
  data: unknown;
}

export type Verified =
  | { ok: true; delivery: VendorDelivery }
  /** A handshake (Slack's `url_verification`): answered, never stored. */
  | { ok: true; challenge: string }
  | { ok: false; refusal: Refusal; detail: string };

export interface WebhookVerifier {
  readonly provider: string;
  verify(request: InboundRequest, secrets: readonly string[], nowMs: number): Verified;
}

export function refuse(refusal: Refusal, detail: string): Verified {
  return { ok: false, refusal, detail };
}
