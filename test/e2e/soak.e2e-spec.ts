import { runTsProcess } from '@causeway/testing';

/**
 * The soak's two-minute version (test/soak/run.ts; the ten-minute one runs on demand, see
 * docs/operations.md "Faults lose nothing"): the production topology on infrastructure of its
 * own, at least 12 faults (SIGKILLed services, restarted Kafka, PostgreSQL, Redis, OpenBao),
 * then the reconciliation: no answered call without exactly one audit event, no idempotent
 * write twice upstream, every chain verifying, every service ready. The seed varies per run
 * and is printed, so a failure can be replayed with `--seed`.
 */
describe('faults lose nothing (two-minute soak)', () => {
  it('reconciles with zero losses and duplicates over at least 12 faults', async () => {
    const seed = String(Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31)));
    const { code, output } = await runTsProcess('test/soak/run.ts', {}, ['--minutes', '2', '--seed', seed, '--min-faults', '12']);
    let figures: Record<string, unknown>;
    try {
      figures = JSON.parse(output.trim().split('\n').pop() ?? '');
    } catch {
      figures = { aborted: output.slice(-6000) };
    }
    expect({ code, figures, seed }).toMatchObject({
      code: 0,
      figures: { auditMissing: 0, auditDuplicated: 0, duplicateWrites: 0, lostWrites: 0, brokenChains: 0, notReady: [], recoveryFailures: [] },
    });
    expect(figures.faults).toBeGreaterThanOrEqual(12);
    expect(figures.answered).toBeGreaterThan(100);
  }, 900_000);
});
