import { catalog, createConnectorEngine, type ActionResult, type ConnectionContext, type Credential, type UpstreamRequest } from '@causeway/connectors';
import { startGitHubSimulator, type GitHubSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import { AllowList } from './allow-list';
import type { EgressPolicy } from './policy';
import { guardFactory, LOOPBACK_ONLY, startUpstream, type LocalUpstream } from './testing/local-upstream.test-support';
import { createGuardedTransport, type PolicyFor } from './transport';

const github = catalog.provider('github')!;
const repo = { owner: 'causeway-demo', repo: 'api' };

describe('createGuardedTransport with the connector engine', () => {
  const guards = guardFactory();
  let sim: RunningSimulator<GitHubSimulatorControl>;
  let credential: Credential;
  let connection: ConnectionContext;
  let simulatorPolicy: EgressPolicy;
  let hanging: LocalUpstream | undefined;

  const engineWith = (allow: string, policyFor: PolicyFor, settings = {}, defaultTimeoutMs = 5_000) => {
    const guard = guards.make({ settings: { allowPrivate: AllowList.parse(allow), ...settings } });
    return createConnectorEngine({ catalog, transport: createGuardedTransport({ guard, policyFor }), defaultTimeoutMs });
  };
  const listIssues = (engine: ReturnType<typeof engineWith>, conn = connection) =>
    engine.executeAction({ action: 'github.list_issues', input: { ...repo }, credential, connection: conn });
  const failure = (result: ActionResult) => {
    if (result.ok) throw new Error('expected a failure');
    return result.error;
  };

  beforeEach(async () => {
    sim = await startGitHubSimulator();
    credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: sim.url } };
    // What the data plane passes: the provider's declared hosts, plus the host of the
    // connection's override (here the simulator on loopback) as a verified instance host.
    simulatorPolicy = { declaredHosts: github.hosts, instanceHosts: [new URL(sim.url).hostname] };
  });
  afterEach(async () => {
    await guards.closeAll();
    await sim.stop();
    await hanging?.close();
    hanging = undefined;
  });

  it('runs an action against the simulator when the operator allows loopback', async () => {
    const result = await listIssues(engineWith(LOOPBACK_ONLY, simulatorPolicy));
    expect(result.ok).toBe(true);
  });

  it('answers a private address the operator did not allow as forbidden, "refused by egress policy", not retryable', async () => {
    const error = failure(await listIssues(engineWith('', simulatorPolicy)));
    expect(error).toMatchObject({ code: 'forbidden', message: 'GitHub: refused by egress policy', retryable: false });
  });

  it('refuses the simulator host with the same answer when the data plane does not pass it as an instance host', async () => {
    const error = failure(await listIssues(engineWith(LOOPBACK_ONLY, { declaredHosts: github.hosts })));
    expect(error).toMatchObject({ code: 'forbidden', message: 'GitHub: refused by egress policy' });
  });

  it("maps the response cap to the engine's upstream_error", async () => {
    const error = failure(await listIssues(engineWith(LOOPBACK_ONLY, simulatorPolicy, { maxResponseBytes: 64 })));
    expect(error).toMatchObject({ code: 'upstream_error', message: 'GitHub: response from 127.0.0.1 exceeded 64 bytes' });
  });

  it("honours the engine's own timeout signal", async () => {
    hanging = await startUpstream(() => undefined);
    const engine = engineWith(LOOPBACK_ONLY, simulatorPolicy, {}, 150);
    const error = failure(await listIssues(engine, { serverOverrides: { default: `http://127.0.0.1:${hanging.port}` } }));
    expect(error).toMatchObject({ code: 'upstream_timeout', message: 'GitHub did not answer within 150 ms' });
  });

  it('asks policyFor for every request and gives it what the engine sent', async () => {
    const seen: UpstreamRequest[] = [];
    const result = await listIssues(
      engineWith(LOOPBACK_ONLY, (request) => {
        seen.push(request);
        return simulatorPolicy;
      }),
    );
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: expect.stringContaining(`${sim.url}/repos/causeway-demo/api/issues`) });
    expect(seen[0].headers.authorization).toMatch(/^Bearer /);
  });
});
