import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

/**
 * An agent that retries correctly across a crash of the embedded default gets the stored
 * answer, or learns that the outcome is unknown — never 422 `idempotency_key_reused`. (The
 * request hash covers what the agent sent, not the connection the platform resolved, which the
 * embedded default re-creates at every start.)
 */
describe('Idempotency-Key across a SIGKILL of the embedded default', () => {
  let embedded: EmbeddedProcess | undefined;

  afterAll(async () => {
    await embedded?.stop();
  }, 60_000);

  const post = async (key: string, tool: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${embedded!.dataPlaneUrl}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as { data?: { ts?: string }; error?: { code: string } } };
  };

  it('replays a write answered before the crash, and never calls a cut-off request’s retry a different request', async () => {
    embedded = await startEmbeddedProcess({ name: 'idempotency-restart', logLevel: 'warn' });
    const key = embedded.demo.apiKey.key;
    const message = { input: { channel: 'C0GENERAL01', text: 'deploy 42 done' } };
    const first = await post(key, 'slack.post_message', message, { 'idempotency-key': 'deploy-42' });
    expect(first.status).toBe(200);

    // A second write is cut off wherever the kill lands: before its key was taken, in flight, or answered.
    const cutOff = post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'deploy 43 done' } }, { 'idempotency-key': 'deploy-43' }).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 5));
    await embedded.kill();
    await cutOff;

    embedded = await startEmbeddedProcess({ name: 'idempotency-restart', logLevel: 'warn', dataDir: embedded.dataDir });
    const retried = await post(key, 'slack.post_message', message, { 'idempotency-key': 'deploy-42' });
    expect(retried).toMatchObject({ status: 200, replayed: 'true' });
    expect(retried.body.data).toEqual(first.body.data);

    // The same request again: sent now, replayed, or "still running / outcome unknown" — never another request's key.
    const again = await post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'deploy 43 done' } }, { 'idempotency-key': 'deploy-43' });
    if (again.status === 200) expect(again.body.data?.ts).toEqual(expect.any(String));
    else expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: expect.stringMatching(/^idempotency_(in_flight|outcome_unknown)$/) });

    // A different request under a used key is still refused as one.
    const reused = await post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'something else' } }, { 'idempotency-key': 'deploy-42' });
    expect(reused.body.error?.code).toBe('idempotency_key_reused');
  }, 600_000);
});
