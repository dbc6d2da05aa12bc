import { AppError } from '@causeway/platform';
import { failureResult, pendingResult, successResult } from './tool-result';

const text = (result: { content: unknown[] }) => (result.content as { text: string }[]).map((block) => block.text).join('\n');

describe('MCP tool results', () => {
  it('returns the data as structuredContent and as its JSON text, with REST meta in _meta', () => {
    const result = successResult('slack.post_message', { data: { ok: true, ts: '1.2' }, meta: { requestId: 'req-1', attempts: 1 } });
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"ok":true,"ts":"1.2"}' }],
      structuredContent: { ok: true, ts: '1.2' },
      isError: false,
      _meta: { 'causeway/requestId': 'req-1', 'causeway/attempts': 1 },
    });
  });

  it('tells the model how to fetch the next page, and marks a replayed write', () => {
    const result = successResult(
      'slack.list_channels',
      { data: { ok: true, channels: [] }, meta: { requestId: 'req-1', attempts: 1, nextCursor: 'dGVhbTpD' } },
      true,
    );
    expect(text(result)).toContain('call slack.list_channels again with the same arguments and cursor "dGVhbTpD"');
    expect(result._meta).toMatchObject({ 'causeway/nextCursor': 'dGVhbTpD', 'causeway/replayed': true });
  });

  it("explains a failure with the tool's own advice for the code, then the contract body", () => {
    const result = failureResult('slack.post_message', new AppError('upstream_not_found', 'channel_not_found', { upstreamStatus: 200 }), 'req-9');
    expect(result.isError).toBe(true);
    expect(text(result).split('\n')).toEqual([
      'Error upstream_not_found: channel_not_found',
      'Retryable: no.',
      'Next step: The channel ID does not exist (Slack `channel_not_found`); look it up with slack.list_channels.',
      JSON.stringify({ error: { code: 'upstream_not_found', message: 'channel_not_found', retryable: false, upstreamStatus: 200, requestId: 'req-9' } }),
    ]);
  });

  it('falls back to the generic next step and says when to retry', () => {
    const result = failureResult(
      'slack.post_message',
      new AppError('rate_limited', "this key's call quota is used up for now", { retryAfterMs: 1500 }),
      'req-2',
    );
    expect(text(result)).toContain('Retryable: yes, after 1500 ms.');
    expect(text(result)).toContain("Next step: This key's or tenant's quota is used up");
  });

  it('names fields as an MCP caller sent them', () => {
    const field = (name: string) =>
      (failureResult('x.y', new AppError('invalid_input', 'bad', { field: name }), 'r')._meta!['causeway/error'] as { field: string }).field;
    expect(field('input.channel')).toBe('channel');
    expect(field('connectionId')).toBe('_causeway.connectionId');
    expect(field('Idempotency-Key')).toBe('_causeway.idempotencyKey');
    expect(field('_meta.causeway/cursor')).toBe('_meta.causeway/cursor');
  });

  it('answers a call waiting for approval as an error result (clients do not hold it to the output schema) with the id and how to go on', () => {
    const result = pendingResult(
      'slack.delete_message',
      { id: '3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60', status: 'pending', expiresAt: '2026-11-22T07:00:00.000Z', reason: 'side_effect:destructive' },
      'req-9',
    );
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta).toEqual({
      'causeway/requestId': 'req-9',
      'causeway/approval': {
        id: '3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60',
        status: 'pending',
        expiresAt: '2026-11-22T07:00:00.000Z',
        reason: 'side_effect:destructive',
      },
      'causeway/next': {
        pollUrl: '/v1/approvals/3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60?waitMs=30000',
        retryWith: { _causeway: { approvalId: '3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60' } },
      },
    });
    const text = (result.content[0] as { text: string }).text;
    expect(text).toContain('was not made');
    expect(text).toContain('"_causeway": { "approvalId": "3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60" }');
    expect(text).toContain('GET /v1/approvals/3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60');
  });
});
