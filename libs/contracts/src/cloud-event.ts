import { z } from 'zod';

/**
 * The one envelope every event from a provider travels in: CloudEvents 1.0 in its JSON
 * format, with Causeway's tenant, connection and delivery as extension attributes
 * (lower-case alphanumerics, as the spec requires of extension names).
 *
 * Producers build it with `cloudEventSchema.parse`; consumers of `causeway.events.v1`
 * validate every message with the same schema before acting on it.
 */
const extensionValue = z.string().min(1).max(200);

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  /** Causeway's own id (uuid), stable across redeliveries of the same vendor delivery. */
  id: z.uuid(),
  /** `/connections/{connectionId}`: a URI-reference naming where the event came in. */
  source: z.string().min(1).max(500),
  /** Reverse-DNS of the vendor, then its own event name: `com.github.pull_request.opened`. */
  type: z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9_:-]+)+$/, 'expected <reverse-dns>.<event>'),
  /** What the event is about, when the vendor says (`issue/PROJ-1`, `repo#42`); the unit of ordering. */
  subject: z.string().min(1).max(500).optional(),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  tenantid: extensionValue,
  connectionid: extensionValue,
  /** The provider that sent it (`github`), so consumers can route without parsing `type`. */
  provider: extensionValue,
  /** The vendor's own delivery or event id: what deduplication is keyed on. */
  deliveryid: extensionValue,
});

export type CloudEvent = z.infer<typeof cloudEventSchema>;

/** The partition key of `causeway.events.v1`: a connection's events stay in order. */
export function eventKey(tenantId: string, connectionId: string): string {
  return `${tenantId}:${connectionId}`;
}
