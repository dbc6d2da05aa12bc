import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..');
/** Pinned: a client upgrade that changes what it accepts should be a deliberate change here. */
const PYTHON_MCP = 'mcp==1.30.0';
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const venv = join(repoRoot, '.infra', 'venv-mcp');
const venvPython = join(venv, 'bin', 'python');

/**
 * Third-party MCP clients against the embedded default (`npm start`): the official Python SDK
 * and the MCP Inspector CLI. They hold the server to the spec as real hosts do — the Python
 * SDK validates every successful result against the tool's output schema, the Inspector
 * reports schemas other clients cannot read — so a call held for approval or a nullable
 * field cannot quietly break a client that is not ours.
 */
describe('official MCP clients against the embedded default', () => {
  let embedded: EmbeddedProcess | undefined;
  let mcpUrl: string;
  let apiKey: string;

  beforeAll(async () => {
    embedded = await startEmbeddedProcess({ name: 'mcp-clients', logLevel: 'warn' });
    apiKey = embedded.demo.apiKey.key;
    mcpUrl = `${embedded.dataPlaneUrl}/mcp`;
  }, 360_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  /** The pinned SDK in a venv under .infra; `null` (and the reason) when Python or PyPI is out of reach. */
  async function pythonClient(): Promise<string | { skipped: string }> {
    const installed =
      existsSync(venvPython) &&
      (await run(venvPython, ['-m', 'pip', 'show', 'mcp']).then(
        ({ stdout }) => stdout.includes(`Version: ${PYTHON_MCP.split('==')[1]}`),
        () => false,
      ));
    if (installed) return venvPython;
    try {
      await run('python3', ['-m', 'venv', venv], { timeout: 120_000 });
    } catch (error) {
      return { skipped: `no python3 with venv on this machine (${(error as Error).message.split('\n')[0]})` };
    }
    try {
      await run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', PYTHON_MCP], { timeout: 300_000 });
      return venvPython;
    } catch (error) {
      const reason = String((error as { stderr?: string }).stderr ?? (error as Error).message);
      // Only an unreachable index is a reason to skip; any other install failure is a failure.
      if (/ConnectionError|NewConnectionError|Temporary failure in name resolution|No matching distribution|Network is unreachable|timed out/i.test(reason)) {
        return { skipped: `PyPI unreachable, cannot install ${PYTHON_MCP}: ${reason.split('\n').find((l) => l.trim()) ?? ''}` };
      }
      throw error;
    }
  }

  it('serves the official Python SDK a normal tool and a call held for approval without a client-side error', async () => {
    const python = await pythonClient();
    if (typeof python !== 'string') {
      console.warn(`SKIPPED the Python MCP SDK check: ${python.skipped}`);
      return;
    }
    const { stdout } = await run(python, [join(repoRoot, 'test', 'support', 'mcp_python_client.py'), mcpUrl, apiKey], { timeout: 120_000 });
    const seen = JSON.parse(stdout.trim().split('\n').pop()!) as {
      tools: string[];
      normal: { isError: boolean; structuredContent: Record<string, unknown> | null };
      held: { isError: boolean; text: string; meta: Record<string, { id?: string; pollUrl?: string }> | null };
    };

    expect(seen.tools).toEqual(expect.arrayContaining(['slack.list_channels', 'slack.delete_message']));
    // The SDK validated it against the output schema before handing it over.
    expect(seen.normal.isError).toBe(false);
    expect(seen.normal.structuredContent).toMatchObject({ channels: expect.any(Array) });
    // A destructive call waits for a human (the demo tenant's default policy): an error result that says how to go on.
    expect(seen.held.isError).toBe(true);
    const approval = seen.held.meta?.['causeway/approval'];
    expect(approval).toMatchObject({ id: expect.any(String), status: 'pending' });
    expect(seen.held.meta?.['causeway/next']).toMatchObject({ pollUrl: `/v1/approvals/${approval!.id}?waitMs=30000` });
    expect(seen.held.text).toContain(approval!.id);
  }, 600_000);

  it('passes the MCP Inspector CLI tools/list with --strict (no schema portability problem)', async () => {
    const args = [
      '--yes',
      INSPECTOR,
      '--cli',
      mcpUrl,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${apiKey}`,
      '--method',
      'tools/list',
      '--strict',
    ];
    const ran = await run('npx', args, { timeout: 300_000, cwd: tmpdir(), maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; code?: number }) => {
        // Only an unreachable npm registry is a reason to skip; the Inspector's own verdicts fail the test.
        if (/npm (error|ERR!).*(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET)/i.test(error.stderr ?? ''))
          return { skipped: (error.stderr ?? '').split('\n')[0] };
        throw new Error(`the Inspector CLI exited ${String(error.code)}:\n${error.stderr ?? ''}\n${(error.stdout ?? '').slice(0, 2000)}`);
      },
    );
    if ('skipped' in ran) {
      console.warn(`SKIPPED the MCP Inspector check: the npm registry is unreachable (${ran.skipped})`);
      return;
    }
    const { stdout, stderr } = ran;
    const listed = JSON.parse(stdout) as { tools: { name: string }[] };
    expect(listed.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['slack.post_message', 'slack.delete_message']));
    // --strict prints each finding as "Error|Warning: tool …" on stderr; type unions are warnings, so exit 0 alone proves nothing.
    const findings = stderr.split('\n').filter((line) => /^(Error|Warning): tool /.test(line));
    expect({ findings, report: findings.length ? stderr.slice(0, 4000) : '' }).toEqual({ findings: [], report: '' });
  }, 600_000);
});
