import { startSpecDrivenSimulator, type SpecDrivenSimulator } from '@causeway/simulators';
import { createCatalog } from '../catalog/catalog';
import type { ActionDefinition } from '../definition/action';
import type { ProviderDefinition } from '../definition/provider';
import { createConnectorEngine, type ConnectorEngine } from '../engine/execute-action';
import type { ActionResult, Credential } from '../engine/types';
import { importedProvider, VENDOR_SPECS } from './vendor-specs';

const TOKEN = 'sim-token-1';
const BASIC = { username: 'AC0000000000000000000000000000000a', password: 'auth-token-1' };

function credentialFor(provider: ProviderDefinition): Credential {
  const mode = provider.authModes[0] as ProviderDefinition['authModes'][number];
  return mode.type === 'basic' ? { authMode: mode.id, kind: 'basic', ...BASIC } : { authMode: mode.id, kind: 'token', token: TOKEN };
}

/** Every input at its first example, as a model reading the schema would fill it (the cursor left out). */
function exampleInput(action: ActionDefinition): Record<string, unknown> {
  const properties = action.inputSchema['properties'] as Record<string, { examples: unknown[] }>;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([name]) => name !== action.pagination?.cursorInput)
      .map(([name, schema]) => [name, schema.examples[0]]),
  );
}

function concretePath(action: ActionDefinition, input: Record<string, unknown>): string {
  return action.http.path.replace(/\{\+?([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(input[name])));
}

function expectOk(result: ActionResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data as Record<string, unknown>;
}

describe.each(VENDOR_SPECS)('the imported %s actions, called through the engine against the spec-driven simulator', (vendor) => {
  const provider = importedProvider(vendor);
  let simulator: SpecDrivenSimulator;
  let engine: ConnectorEngine;
  const call = (action: string, input: Record<string, unknown>, credential = credentialFor(provider)) =>
    engine.executeAction({ action, input, credential, connection: { serverOverrides: { default: simulator.serverUrl } } });

  beforeAll(async () => {
    simulator = await startSpecDrivenSimulator(provider, { secrets: [TOKEN, `${BASIC.username}:${BASIC.password}`] });
    engine = createConnectorEngine({ catalog: createCatalog([provider]), defaultTimeoutMs: 5_000 });
  });
  afterAll(() => simulator.stop());

  it.each(provider.actions.map((action) => [action.id, action] as const))('%s succeeds with its documented example input', async (_id, action) => {
    const input = exampleInput(action);
    // An action on one item finds that item, as it would after the agent created or listed it.
    if (/\}$/.test(action.http.path)) simulator.control.seed(concretePath(action, input), { name: 'seeded' });
    const result = await call(action.id, input);
    expectOk(result);
    expect(simulator.control.calls()[action.id]).toBeGreaterThanOrEqual(1);
  });

  it("refuses a call without a valid credential, in the vendor's error shape", async () => {
    const action = provider.actions.find((candidate) => candidate.sideEffect === 'read') as ActionDefinition;
    const wrong: Credential =
      credentialFor(provider).kind === 'basic'
        ? { authMode: provider.authModes[0]!.id, kind: 'basic', username: 'x', password: 'y' }
        : { authMode: provider.authModes[0]!.id, kind: 'token', token: 'wrong' };
    const result = await call(action.id, exampleInput(action), wrong);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.upstreamStatus).toBe(401);
  });

  it('answers an unknown item with not found', async () => {
    const action = provider.actions.find((candidate) => candidate.sideEffect === 'read' && /\}$/.test(candidate.http.path));
    if (!action) return;
    simulator.control.reset();
    const result = await call(action.id, exampleInput(action));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('upstream_not_found');
  });

  it('reports the rate limit as the vendor does and maps the refusal to upstream_rate_limited', async () => {
    const action =
      provider.actions.find((candidate) => candidate.sideEffect === 'read' && !/\}$/.test(candidate.http.path)) ?? (provider.actions[0] as ActionDefinition);
    const input = exampleInput(action);
    if (/\}$/.test(action.http.path)) simulator.control.seed(concretePath(action, input));
    simulator.control.setRateLimit(0);
    try {
      const result = await call(action.id, input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('upstream_rate_limited');
        // The wait is known only where the definition names the vendor's Retry-After header.
        if (provider.rateLimitSignals.retryAfterHeader) expect(result.error.retryAfterMs).toBeGreaterThan(0);
      }
    } finally {
      simulator.control.setRateLimit(1000);
    }
  });
});
