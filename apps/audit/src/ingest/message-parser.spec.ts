import type { ReceivedMessage } from '@causeway/messaging';
import { canonicalJson } from '@causeway/contracts';
import { parseAuditMessage } from './message-parser';

const event = {
  id: '6f1c1a8e-2a7b-4c1e-9d43-1f0f6c1b2a10',
  specVersion: 1,
  tenantId: 'tenant-1',
  occurredAt: '2026-03-01T10:00:00.000Z',
  actor: { type: 'user', id: 'alice@example.com' },
  action: 'tenant.created',
  outcome: 'success',
};

const message = (value: unknown, key: string | null = 'tenant-1'): ReceivedMessage => ({
  topic: 'causeway.audit.v1',
  partition: 0,
  offset: '7',
  key,
  value: typeof value === 'string' || value === null ? value : JSON.stringify(value),
  headers: {},
});

describe('parseAuditMessage', () => {
  it('accepts a valid event and computes its canonical JSON once', () => {
    const parsed = parseAuditMessage(message(event));
    expect(parsed).toEqual({ ok: true, item: { event, canonical: canonicalJson(event) } });
  });

  it('drops fields the contract does not know before hashing, so the chain covers what is stored', () => {
    const parsed = parseAuditMessage(message({ ...event, smuggled: 'x' }));
    expect(parsed.ok && parsed.item.canonical.includes('smuggled')).toBe(false);
  });

  it.each([
    ['an empty message', null, 'empty message'],
    ['text that is not JSON', '{oops', 'not JSON'],
    ['an event missing a field', { ...event, actor: undefined }, 'actor: Invalid input: expected object, received undefined'],
    ['an unknown outcome', { ...event, outcome: 'exploded' }, expect.stringMatching(/^outcome: /)],
    ['a NUL character PostgreSQL cannot store', { ...event, details: { a: ['x\u0000'] } }, 'details.a[0]: contains U+0000, which PostgreSQL text cannot hold'],
    [
      'a lone surrogate canonical JSON cannot carry',
      `{"id":"${event.id}","specVersion":1,"tenantId":"tenant-1","occurredAt":"${event.occurredAt}","actor":{"type":"user","id":"a"},"action":"a.b","outcome":"success","details":{"s":"\\ud800"}}`,
      'details.s: lone UTF-16 surrogate',
    ],
  ])('refuses %s with a reason', (_what, value, reason) => {
    expect(parseAuditMessage(message(value))).toEqual({ ok: false, reason });
  });

  it("refuses an event whose key is another tenant's (it would sit on the wrong partition)", () => {
    expect(parseAuditMessage(message(event, 'tenant-2'))).toEqual({ ok: false, reason: 'key does not match tenantId' });
  });
});
