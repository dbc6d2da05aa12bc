/*
 * Google's OAuth 2.0 token endpoint for service accounts (oauth2.googleapis.com): the JWT-bearer
 * grant at `POST /token` (google-service-account.ts checks the assertion) answering
 * `{ access_token, expires_in, token_type }` with no refresh token, and `GET /tokeninfo` to see
 * what a token grants. Errors are `{ error, error_description }` with HTTP 400 (401 for
 * `invalid_client`), as developers.google.com/identity/protocols/oauth2/service-account lists them.
 */
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { baseControl, bodyObject, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { checkServiceAccountAssertion, type SimulatedServiceAccount } from './google-service-account';

export interface GoogleOAuthSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** `expires_in` of access tokens (Google: 3599 s). */
  accessTokenSeconds?: number;
}

export interface GoogleOAuthSimulatorControl extends SimulatorControl {
  /** Creates a service account key (the test keeps the private half). */
  addServiceAccount(account: SimulatedServiceAccount): void;
}

export async function startGoogleOAuthSimulator(options: GoogleOAuthSimulatorOptions = {}): Promise<RunningSimulator<GoogleOAuthSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const lifetime = options.accessTokenSeconds ?? 3599;
  const accounts: SimulatedServiceAccount[] = [];
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const app = createSimulatorApp(parts, {
    rateLimited: (reply) => reply.code(429).send({ error: 'rate_limit_exceeded', error_description: 'Rate Limit Exceeded' }),
    serverError: (reply, status) => reply.code(status).send({ error: 'internal_failure', error_description: 'Backend Error' }),
  });

  app.post('/token', async (request, reply) => {
    const body = bodyObject(request.body);
    if (body['grant_type'] !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${String(body['grant_type'] ?? '')}` });
    const checked = await checkServiceAccountAssertion(body['assertion'], accounts, clock);
    if (!checked.ok) return reply.code(400).send({ error: checked.error, error_description: checked.description });
    const access = parts.tokens.issue({
      kind: 'access',
      prefix: 'ya29.c.',
      clientId: checked.email,
      subject: checked.subject ?? checked.email,
      scopes: checked.scopes,
      lifetimeSeconds: lifetime,
    });
    return { access_token: access.token, expires_in: lifetime, token_type: 'Bearer' };
  });

  app.get('/tokeninfo', async (request, reply) => {
    const checked = parts.tokens.check((request.query as { access_token?: string }).access_token);
    if (checked.status !== 'valid' || !checked.record) return reply.code(400).send({ error: 'invalid_token', error_description: 'Invalid Value' });
    const record = checked.record;
    return {
      azp: record.clientId,
      scope: record.scopes.join(' '),
      exp: String(Math.floor((record.expiresAt ?? 0) / 1000)),
      expires_in: String(Math.max(0, Math.floor(((record.expiresAt ?? 0) - clock.now()) / 1000))),
      email: record.subject,
    };
  });

  const server = await listen(app, options.port);
  return { url: server.url, stop: server.stop, control: { ...baseControl(parts), addServiceAccount: (account) => accounts.push(account) } };
}
