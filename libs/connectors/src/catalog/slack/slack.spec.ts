import { ManualClock, startSlackSimulator, type RunningSimulator, type SlackSimulatorControl } from '@causeway/simulators';
import type { Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

describe('Slack connector against the Slack simulator', () => {
  let sim: RunningSimulator<SlackSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  const engine = () => engineWithClock(clock);
  const run = (action: string, input: unknown, cred: Credential = credential, timeoutMs?: number) =>
    engine().executeAction({ action, input, credential: cred, connection: { serverOverrides: { default: `${sim.url}/api` } }, timeoutMs });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSlackSimulator({ clock, tokenLifetimeSeconds: 600 });
    credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken() };
  });
  afterEach(() => sim.stop());

  it('posts a message and returns the ts that identifies it', async () => {
    const { data } = expectOk<{ channel: string; ts: string }>(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'Deploy finished' }));
    expect(data.channel).toBe('C0GENERAL01');
    expect(data.ts).toMatch(/^\d+\.\d{6}$/);
    expect(sim.control.workspace.channels.get('C0GENERAL01')?.messages.at(-1)?.text).toBe('Deploy finished');
    expect(sim.control.writeCount('POST /api/chat.postMessage')).toBe(1);
  });

  it('replies inside the thread of the parent message', async () => {
    const parent = expectOk<{ ts: string }>(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'Incident' })).data;
    const reply = expectOk<{ ts: string; message: { thread_ts: string } }>(
      await run('slack.reply_in_thread', { channel: 'C0GENERAL01', thread_ts: parent.ts, text: 'Mitigated' }),
    ).data;
    expect(reply.message.thread_ts).toBe(parent.ts);
    const stored = sim.control.workspace.channels.get('C0GENERAL01')?.messages.find((message) => message.ts === parent.ts);
    expect(stored?.reply_count).toBe(1);
  });

  it('pages channel history newest first and ends without a nextCursor', async () => {
    const first = expectOk<{ messages: Array<{ text: string }> }>(await run('slack.get_channel_history', { channel: 'C0GENERAL01', limit: 2 }));
    expect(first.data.messages.map((message) => message.text)).toEqual(['Release 1.4 is out', 'Standup in 5 minutes']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = expectOk<{ messages: Array<{ text: string }> }>(
      await run('slack.get_channel_history', { channel: 'C0GENERAL01', limit: 2, cursor: first.nextCursor }),
    );
    expect(second.data.messages.map((message) => message.text)).toEqual(['Welcome to Causeway Demo!']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('hides thread replies from channel history, as Slack does', async () => {
    const parent = expectOk<{ ts: string }>(await run('slack.post_message', { channel: 'C0ENG000001', text: 'Question' })).data;
    expectOk(await run('slack.reply_in_thread', { channel: 'C0ENG000001', thread_ts: parent.ts, text: 'Answer' }));
    const history = expectOk<{ messages: Array<{ text: string; reply_count?: number }> }>(await run('slack.get_channel_history', { channel: 'C0ENG000001' }));
    expect(history.data.messages).toEqual([expect.objectContaining({ text: 'Question', reply_count: 1 })]);
  });

  it('walks every page of the channel list', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ channels: Array<{ id: string }> }>(
        await run('slack.list_channels', { types: ['public_channel', 'private_channel'], limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      ids.push(...page.data.channels.map((channel) => channel.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(['C0ARCHIVE01', 'C0ENG000001', 'C0GENERAL01', 'C0RANDOM001', 'C0SUPPORT01', 'G0LEADERS01']);
  });

  it('adds a reaction, and maps a repeated one to upstream_conflict', async () => {
    const message = sim.control.workspace.channels.get('C0GENERAL01')?.messages[0];
    const input = { channel: 'C0GENERAL01', timestamp: message?.ts, name: 'eyes' };
    expectOk(await run('slack.add_reaction', input));
    const again = expectError(await run('slack.add_reaction', input));
    expect(again.error).toMatchObject({ code: 'upstream_conflict', vendorCode: 'already_reacted', retryable: false });
  });

  it('deletes a message the app posted (destructive)', async () => {
    const posted = expectOk<{ ts: string }>(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'oops' })).data;
    const { data } = expectOk(await run('slack.delete_message', { channel: 'C0GENERAL01', ts: posted.ts }));
    expect(data).toMatchObject({ ok: true, ts: posted.ts });
    expect(sim.control.workspace.channels.get('C0GENERAL01')?.messages.some((message) => message.ts === posted.ts)).toBe(false);
  });

  it("maps cant_delete_message (someone else's message) to upstream_invalid_request", async () => {
    const theirs = sim.control.workspace.channels.get('C0GENERAL01')?.messages[0];
    const result = expectError(await run('slack.delete_message', { channel: 'C0GENERAL01', ts: theirs?.ts }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'cant_delete_message' });
  });

  it('maps Slack ok:false channel_not_found at HTTP 200 to upstream_not_found', async () => {
    const result = expectError(await run('slack.post_message', { channel: 'C0NOPE00000', text: 'hi' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 200, vendorCode: 'channel_not_found', retryable: false });
  });

  it('maps not_in_channel and missing_scope to upstream_forbidden', async () => {
    expect(expectError(await run('slack.get_channel_history', { channel: 'C0RANDOM001' })).error).toMatchObject({
      code: 'upstream_forbidden',
      vendorCode: 'not_in_channel',
    });
    const narrow: Credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken({ scopes: ['channels:read'] }) };
    const result = expectError(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'hi' }, narrow));
    expect(result.error).toMatchObject({ code: 'upstream_forbidden', vendorCode: 'missing_scope' });
    expect(result.error.message).toContain('chat:write');
  });

  it('flags token_expired as needs_reauth with authExpired so the caller refreshes once', async () => {
    clock.advance(601_000);
    const result = expectError(await run('slack.list_channels', {}));
    expect(result.error).toMatchObject({ code: 'needs_reauth', authExpired: true, vendorCode: 'token_expired' });
  });

  it('treats token_revoked as needs_reauth that a refresh cannot fix', async () => {
    sim.control.revokeTokens((credential as { token: string }).token);
    const result = expectError(await run('slack.list_channels', {}));
    expect(result.error).toMatchObject({ code: 'needs_reauth', vendorCode: 'token_revoked' });
    expect(result.error.authExpired).toBeUndefined();
  });

  it('turns 429 + Retry-After into upstream_rate_limited with retryAfterMs', async () => {
    sim.control.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30, match: { path: '/chat.postMessage' } });
    const result = expectError(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'hi' }));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', retryable: true, retryAfterMs: 30_000, upstreamStatus: 429 });
    expect(result.rateLimit).toMatchObject({ limited: true, retryAfterMs: 30_000 });
    expect(sim.control.writeCount()).toBe(0);
  });

  it('enforces the per-method tier limit and says how long until the window reopens', async () => {
    sim.control.setMethodLimit('conversations.list', 2);
    expectOk(await run('slack.list_channels', {}));
    clock.advance(20_000);
    expectOk(await run('slack.list_channels', {}));
    const refused = expectError(await run('slack.list_channels', {}));
    expect(refused.error).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 40_000 });
    clock.advance(40_000);
    expectOk(await run('slack.list_channels', {}));
  });

  it('limits chat.postMessage per channel, not per workspace', async () => {
    for (let index = 0; index < 3; index++) expectOk(await run('slack.post_message', { channel: 'C0GENERAL01', text: `burst ${index}` }));
    expect(expectError(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'one too many' })).error.code).toBe('upstream_rate_limited');
    expectOk(await run('slack.post_message', { channel: 'C0ENG000001', text: 'other channel is fine' }));
  });

  it('maps an injected 503 to upstream_unavailable (retryable)', async () => {
    sim.control.injectFault({ kind: 'server_error', status: 503 });
    const result = expectError(await run('slack.list_channels', {}));
    expect(result.error).toMatchObject({ code: 'upstream_unavailable', retryable: true, upstreamStatus: 503 });
  });

  it('gives up with upstream_timeout when Slack is slower than the deadline', async () => {
    sim.control.injectFault({ kind: 'latency', ms: 300 });
    const result = expectError(await run('slack.list_channels', {}, credential, 50));
    expect(result.error).toMatchObject({ code: 'upstream_timeout', retryable: true });
  });

  it('refuses bad input before calling Slack, naming the field', async () => {
    expect(expectError(await run('slack.post_message', { channel: 'C0GENERAL01' })).error).toMatchObject({ code: 'invalid_input', field: 'text' });
    expect(expectError(await run('slack.post_message', { channel: 'C0GENERAL01', text: 'x', colour: 'red' })).error).toMatchObject({
      code: 'invalid_input',
      field: 'colour',
    });
    expect(sim.control.writeCount()).toBe(0);
  });

  it('refuses a cursor issued by another action', async () => {
    const channels = expectOk(await run('slack.list_channels', { limit: 1 }));
    const result = expectError(await run('slack.get_channel_history', { channel: 'C0GENERAL01', cursor: channels.nextCursor }));
    expect(result.error).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
});
