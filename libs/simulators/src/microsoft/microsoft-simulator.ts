/*
 * Microsoft identity platform (Entra ID) v2.0 and a sliver of Microsoft Graph, for the
 * per-tenant connections of Microsoft Teams and SharePoint: authorize and token endpoints under
 * `/{tenant}/oauth2/v2.0/…` (microsoft-identity.ts), Graph reads under `/v1.0`
 * (microsoft-graph.ts), AADSTS-coded errors (microsoft-errors.ts). One simulator serves both
 * hosts (login.microsoftonline.com and graph.microsoft.com): a connection points its token
 * endpoint and its Graph server at this one URL.
 */
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { baseControl, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { MicrosoftDirectory, type SimulatedTenant } from './microsoft-directory';
import { graphError } from './microsoft-errors';
import { registerMicrosoftGraph } from './microsoft-graph';
import { registerMicrosoftIdentity } from './microsoft-identity';

export interface MicrosoftSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Verified domains of the tenants to create, each with the client registered (default one, contoso.onmicrosoft.com). */
  tenantDomains?: string[];
  client?: SimulatedClient;
  /** `expires_in` of access tokens (default 3599 s). */
  accessTokenSeconds?: number;
}

export interface MicrosoftSimulatorControl extends SimulatorControl {
  readonly tenants: SimulatedTenant[];
}

export async function startMicrosoftSimulator(options: MicrosoftSimulatorOptions = {}): Promise<RunningSimulator<MicrosoftSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const directory = new MicrosoftDirectory(
    (options.tenantDomains ?? ['contoso.onmicrosoft.com']).map((domain) => MicrosoftDirectory.withTenant(domain, [client])),
  );
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      graphError(reply.header('retry-after', String(fault.retryAfterSeconds ?? 1)), clock, 429, 'TooManyRequests', 'Too many requests.'),
    serverError: (reply, status) =>
      graphError(reply, clock, status, status === 503 ? 'serviceNotAvailable' : 'generalException', 'The service is unavailable.'),
  });
  registerMicrosoftIdentity(app, { clock, tokens: parts.tokens, directory, accessTokenSeconds: options.accessTokenSeconds ?? 3599 });
  registerMicrosoftGraph(app, { clock, tokens: parts.tokens, directory });
  const server = await listen(app, options.port);
  return { url: server.url, stop: server.stop, control: { ...baseControl(parts), tenants: directory.tenants } };
}
