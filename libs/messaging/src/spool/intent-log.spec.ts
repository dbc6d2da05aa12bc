import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntentLog } from './intent-log';

type Intent = { tool: string };

describe('IntentLog', () => {
  let dir: string;
  const logs: IntentLog<Intent>[] = [];
  const started = async () => {
    const log = new IntentLog<Intent>({ directory: dir, compactEveryMs: 60_000 });
    logs.push(log);
    return { log, unfinished: await log.start() };
  };
  /** A stop that leaves the files as a crash would (close only releases the directory). */
  const stop = (log: IntentLog<Intent>) => log.close();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intent-log-'));
  });
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((log) => log.close()));
  });

  it('finds nothing unfinished in a new directory', async () => {
    const { unfinished } = await started();
    expect([...unfinished]).toEqual([]);
  });

  it('hands back, after a restart, every intent begun and never ended, and none that ended', async () => {
    const { log } = await started();
    await log.begin('a', { tool: 'slack.post_message' });
    await log.begin('b', { tool: 'jira.create_issue' });
    await log.end('a');
    await stop(log);

    const { unfinished } = await started();
    expect([...unfinished]).toEqual([['b', { tool: 'jira.create_issue' }]]);
  });

  it('forgets the previous run once told, so an intent is handed back once', async () => {
    const { log } = await started();
    await log.begin('a', { tool: 'slack.post_message' });
    await stop(log);
    const second = await started();
    expect(second.unfinished.size).toBe(1);
    await second.log.forgetPrevious();
    await stop(second.log);

    expect((await started()).unfinished.size).toBe(0);
  });

  it('keeps the previous run’s unfinished intents through compaction until they are forgotten', async () => {
    const { log } = await started();
    await log.begin('old', { tool: 'slack.post_message' });
    await stop(log);
    const second = await started();
    await second.log.begin('new', { tool: 'jira.create_issue' });
    await second.log.compact();
    await stop(second.log);

    expect([...(await started()).unfinished.keys()].sort()).toEqual(['new', 'old']);
  });

  it('compacts to the intents still open: ended ones and their files go', async () => {
    const { log } = await started();
    for (let i = 0; i < 50; i++) await log.begin(`done-${i}`, { tool: 'slack.post_message' });
    await log.begin('running', { tool: 'slack.delete_message' });
    for (let i = 0; i < 50; i++) await log.end(`done-${i}`);
    await log.compact();
    // One segment remains, holding the one open intent.
    expect((await readdir(dir)).filter((name) => name.endsWith('.ndjson'))).toHaveLength(1);
    expect(log.openCount).toBe(1);
    await log.end('running');
    await log.compact();
    await stop(log);

    expect((await started()).unfinished.size).toBe(0);
  });

  it('lets concurrent intents share appends (group commit), each durable when its begin resolves', async () => {
    const { log } = await started();
    const appends = jest.spyOn((log as unknown as { spool: { append(lines: Buffer[]): Promise<void> } }).spool, 'append');
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.begin(`c${i}`, { tool: 'slack.post_message' })));
    expect(appends.mock.calls.length).toBeLessThanOrEqual(2);
    await stop(log);

    expect((await started()).unfinished.size).toBe(50);
  });

  it('never strands a marker queued while an append was finishing', async () => {
    const { log } = await started();
    // Each begin is issued from the previous one's continuation, the moment the group commit resolves.
    for (let i = 0; i < 20; i++) {
      const first = log.begin(`a${i}`, { tool: 'slack.post_message' });
      await Promise.race([
        first.then(() => log.begin(`b${i}`, { tool: 'slack.post_message' })),
        new Promise((_, reject) => setTimeout(() => reject(new Error('stranded')), 5_000)),
      ]);
    }
    expect(log.openCount).toBe(40);
  });

  it('does not hand back an intent ended after a compaction rewrote it', async () => {
    const { log } = await started();
    await log.begin('long', { tool: 'slack.post_message' });
    await log.compact();
    await log.end('long');
    await stop(log);

    expect((await started()).unfinished.size).toBe(0);
  });
});
