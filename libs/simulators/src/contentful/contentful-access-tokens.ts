import type { FastifyInstance } from 'fastify';
import { randomId } from '../common/random';
import { bodyObject } from '../common/simulator-server';
import type { TokenRecord } from '../common/token-store';
import type { ContentfulRoutes } from './contentful-routes';

/** Personal access tokens (Management API): create one, revoke one. */
export function registerAccessTokenRoutes(api: FastifyInstance, { clock, tokens, notFound, issue }: ContentfulRoutes): void {
  const pats = new Map<string, TokenRecord>();

  api.post('/users/me/access_tokens', async (request, reply) => {
    const body = bodyObject(request.body);
    const expiresIn = typeof body['expiresIn'] === 'number' ? body['expiresIn'] : undefined;
    const record = issue('management', 'CFPAT-', expiresIn);
    const id = randomId('', 22, 'abcdefghijklmnopqrstuvwxyz0123456789');
    pats.set(id, record);
    return reply.code(201).send({
      sys: { type: 'PersonalAccessToken', id, createdAt: new Date(clock.now()).toISOString() },
      name: body['name'] ?? 'token',
      scopes: body['scopes'] ?? ['content_management_manage'],
      revokedAt: null,
      token: record.token,
    });
  });
  api.put('/users/me/access_tokens/:id/revoked', async (request, reply) => {
    const record = pats.get((request.params as { id: string }).id);
    if (!record) return notFound(reply, 'PersonalAccessToken', (request.params as { id: string }).id);
    tokens.revoke(record.token);
    return { sys: { type: 'PersonalAccessToken', id: (request.params as { id: string }).id }, revokedAt: new Date(clock.now()).toISOString() };
  });
}
