import { auditEventSchema, canonicalJson, CanonicalJsonError } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { firstIssue } from '@causeway/platform';
import type { ChainableEvent } from '../store/audit-store';

export type ParsedMessage = { ok: true; item: ChainableEvent } | { ok: false; reason: string };

/**
 * Decides whether a message off the audit topic can enter the chain. Anything the store could
 * not take for sure is refused here, with a reason for the dead-letter topic, because a
 * message the database rejects would otherwise block its partition for ever.
 */
export function parseAuditMessage(message: ReceivedMessage): ParsedMessage {
  if (message.value === null) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = auditEventSchema.safeParse(json);
  if (!result.success) {
    const { path, message } = firstIssue(result.error);
    return { ok: false, reason: `${path || '(event)'}: ${message}` };
  }
  const event = result.data;
  if (message.key !== null && message.key !== event.tenantId) {
    return { ok: false, reason: 'key does not match tenantId' };
  }
  const nul = pathOfNul(event, '');
  if (nul !== undefined) return { ok: false, reason: `${nul || '(event)'}: contains U+0000, which PostgreSQL text cannot hold` };
  try {
    return { ok: true, item: { event, canonical: canonicalJson(event) } };
  } catch (error) {
    if (error instanceof CanonicalJsonError) return { ok: false, reason: error.message };
    throw error;
  }
}

function pathOfNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (key.includes('\u0000')) return path || key;
      const found = pathOfNul(member, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
