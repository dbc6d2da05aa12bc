import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformHarness } from '../support/platform-harness';
import { tenantWithEverything, type SweepTenant } from './support/two-tenants';

/**
 * Schemathesis (tools/infra/schemathesis.sh, pinned) fuzzes the data plane from its served
 * OpenAPI document with an agent's key, and the control plane from its GraphQL schema with a
 * tenant admin's session. Bad input must get a 4xx with the field that is wrong (architecture
 * §6), never a server error: any 5xx fails, and so does any GraphQL error coded `INTERNAL`
 * (GraphQL answers 200 even then, so the recorded answers are read back).
 *
 * Bounded by examples per operation, not by time, so a run does the same work on a slow
 * machine; the seed is fixed for reproducible failures (SCHEMATHESIS_SEED varies it).
 */

const SEED = process.env.SCHEMATHESIS_SEED ?? '20261207';
const INTERNAL_CODES = /"code"\s*:\s*"(INTERNAL|INTERNAL_SERVER_ERROR|internal)"/;

interface Run {
  exitCode: number;
  output: string;
  /** Every recorded answer body (the VCR cassette), to look inside 200s. */
  cassette: string;
}

const st = join(__dirname, '../../.infra/schemathesis/bin/st');

function schemathesis(args: string[], timeoutMs: number): Promise<Run> {
  const reports = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  return new Promise((resolve) => {
    execFile(
      st,
      [
        'run',
        ...args,
        '--seed',
        SEED,
        '--workers',
        '1',
        '--no-color',
        '--report',
        'vcr',
        '--report-dir',
        join(reports, 'out'),
        '--generation-database',
        'none',
        '--output-truncate',
        'true',
      ],
      // cwd: schemathesis keeps a .schemathesis/ cache in its working directory, not in the repository.
      { cwd: reports, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } },
      (error, stdout, stderr) => {
        const out = join(reports, 'out');
        const cassette = (existsSync(out) ? readdirSync(out) : []).map((file) => readFileSync(join(out, file), 'utf8')).join('\n');
        rmSync(reports, { recursive: true, force: true });
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, output: `${stdout}\n${stderr}`, cassette });
      },
    );
  });
}

/** The end of schemathesis' report: the failures and the summary, enough to act on. */
const tail = (run: Run) => run.output.split('\n').slice(-80).join('\n');

describe('fuzzing the public APIs from their own schemas (schemathesis)', () => {
  // Fuzzed URLs (webhooks, issuers) are refused or unreachable: short timeouts and backoff keep
  // their retries from outliving the run and holding up the shutdown.
  const shortEgress = { EGRESS_CONNECT_TIMEOUT_MS: '2000', EGRESS_DEADLINE_MS: '5000' };
  const cp = new PlatformHarness({ ...shortEgress, APPROVAL_WEBHOOK_BACKOFF_MS: 10 }, { egress: shortEgress });
  let tenant: SweepTenant;

  beforeAll(async () => {
    if (!existsSync(st)) throw new Error(`${st} is missing: run bash tools/infra/schemathesis.sh install`);
    await cp.start();
    tenant = await tenantWithEverything(cp, 'fuzz', 'Fz4fuzz');
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await tenant?.slack.stop();
  }, 90_000);

  it('answers every generated data-plane request without a server error', async () => {
    const run = await schemathesis(
      [
        `${cp.dataPlane.url}/openapi.json`,
        '--url',
        cp.dataPlane.url,
        '--header',
        `Authorization: Bearer ${tenant.key}`,
        '--checks',
        'not_a_server_error',
        '--max-examples',
        '30',
        '--phases',
        'examples,coverage,fuzzing',
      ],
      150_000,
    );
    expect({ exitCode: run.exitCode, report: run.exitCode === 0 ? '' : tail(run) }).toEqual({ exitCode: 0, report: '' });
    // It really ran: requests were recorded.
    expect(run.cassette.length).toBeGreaterThan(1000);
  }, 180_000);

  it('answers every generated GraphQL query and mutation without a server error or an INTERNAL error', async () => {
    const run = await schemathesis(
      [
        `${cp.url}/graphql`,
        '--header',
        `Authorization: Bearer ${tenant.token}`,
        // Schemathesis counts every GraphQL error as a server error (ST113, exit code 1), but
        // refusing bad input with INVALID_INPUT is right: its verdict is ignored and the recorded
        // answers are judged below instead.
        '--exclude-checks',
        'all',
        '--max-examples',
        '25',
        // Ends the session the run uses; it takes no input worth fuzzing.
        '--exclude-name',
        'Mutation.logout',
        '--no-shrink',
        '--phases',
        'fuzzing',
        '--request-timeout',
        '10',
      ],
      150_000,
    );
    expect({ exitCode: [0, 1].includes(run.exitCode) ? 'ran' : run.exitCode, report: [0, 1].includes(run.exitCode) ? '' : tail(run) }).toEqual({
      exitCode: 'ran',
      report: '',
    });
    const statuses = [...run.cassette.matchAll(/^\s+code: '(\d{3})'/gm)].map((m) => Number(m[1]));
    expect(statuses.length).toBeGreaterThan(80);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(
      run.cassette
        .split('\n')
        .filter((line) => INTERNAL_CODES.test(line))
        .slice(0, 5),
    ).toEqual([]);
  }, 180_000);
});
