import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import { bearerToken } from '../common/oauth';
import type { TokenRecord, TokenStore } from '../common/token-store';
import type { MicrosoftDirectory } from './microsoft-directory';
import { graphError } from './microsoft-errors';

/**
 * The two Microsoft Graph reads the connection tests need: `GET /v1.0/me/joinedTeams`
 * (delegated only: an app-only token gets Graph's 400 for `/me`) and `GET /v1.0/teams`
 * (either kind). Tokens are checked as Graph does: 401 `InvalidAuthenticationToken` for a
 * missing, expired or revoked one; teams come from the token's own tenant.
 */
export function registerMicrosoftGraph(app: FastifyInstance, deps: { clock: Clock; tokens: TokenStore; directory: MicrosoftDirectory }): void {
  const { clock, tokens, directory } = deps;

  function caller(request: FastifyRequest, reply: FastifyReply): TokenRecord | undefined {
    const checked = tokens.check(bearerToken(request.headers.authorization));
    if (checked.status === 'valid' && checked.record?.kind === 'access') return checked.record;
    const message =
      checked.status === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'IDX14100: JWT is not well formed, there are no dots (.).';
    graphError(reply, clock, 401, 'InvalidAuthenticationToken', message);
    return undefined;
  }

  const teamsOf = (record: TokenRecord) => directory.tenants.find((tenant) => tenant.id === record.attributes['tenantId'])?.teams ?? [];

  app.get('/v1.0/me/joinedTeams', async (request, reply) => {
    const record = caller(request, reply);
    if (!record) return reply;
    if (record.attributes['appOnly']) return graphError(reply, clock, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#teams', value: teamsOf(record) };
  });

  app.get('/v1.0/teams', async (request, reply) => {
    const record = caller(request, reply);
    if (!record) return reply;
    return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#teams', value: teamsOf(record) };
  });
}
