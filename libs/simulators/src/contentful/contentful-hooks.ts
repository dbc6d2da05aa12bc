import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import { randomId } from '../common/random';
import { contentfulWebhook } from '../webhooks/contentful-webhooks';
import { HookRegistry, type RegisteredHook } from '../webhooks/hook-registry';
import { link, type ContentfulRoutes } from './contentful-routes';

/**
 * A space's webhooks and its one request-signing secret: Contentful signs every webhook of a
 * space with the same secret (set with `PUT /spaces/{id}/webhook_settings/signing_secret`).
 */
export class ContentfulWebhooks {
  readonly registry = new HookRegistry();
  signingSecret: string | undefined;

  /** Sends `ContentManagement.{type}.{action}` to the space's webhooks whose topics match (`*.*`, `Entry.*`, `*.publish`, `Entry.publish`). */
  emit(spaceId: string, type: string, action: string, payload: { sys: { id: string; version?: number } } & Record<string, unknown>): void {
    const matches = (hook: RegisteredHook) =>
      hook.events.some((topic) => {
        const [entity, verb] = topic.split('.');
        return (entity === '*' || entity === type) && (verb === '*' || verb === action);
      });
    this.registry.dispatch(
      spaceId,
      `${type}.${action}`,
      (hook) => contentfulWebhook(this.signingSecret, hook.url, `ContentManagement.${type}.${action}`, payload),
      { retries: 2, wants: matches },
    );
  }
}

const TOPIC = /^(\*|Entry|Asset|ContentType|Environment|Release|Task|Comment)\.(\*|create|save|auto_save|archive|unarchive|publish|unpublish|delete)$/;
const SECRET = /^[0-9a-zA-Z_-]{64}$/;

/**
 * Webhook definitions and the signing secret on the Management API
 * (contentful.com/developers/docs/references/content-management-api/#/reference/webhooks):
 * create (201; name, url and topics required, else 422 ValidationFailed), list, delete (204);
 * `PUT …/webhook_settings/signing_secret` with a 64-character `value` ([0-9a-zA-Z-_]) answers
 * `{ redactedValue }`. An entry published is sent as `ContentManagement.Entry.publish`.
 */
export function registerContentfulHookRoutes(
  api: FastifyInstance,
  { space, writes, notFound, validationFailed }: ContentfulRoutes,
  webhooks: ContentfulWebhooks,
): void {
  const ownSpace = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const spaceId = (request.params as { spaceId: string }).spaceId;
    if (spaceId === space.id) return true;
    notFound(reply, 'Space', spaceId);
    return false;
  };
  const render = (hook: RegisteredHook) => ({
    sys: { type: 'WebhookDefinition', id: hook.id, version: 0, space: link('Space', space.id), createdAt: hook.createdAt, updatedAt: hook.createdAt },
    name: hook.scope === space.id ? 'webhook' : hook.scope,
    url: hook.url,
    topics: hook.events,
    filters: null,
    headers: [],
    httpBasicUsername: null,
    active: hook.active,
  });

  api.put('/spaces/:spaceId/webhook_settings/signing_secret', async (request, reply) => {
    if (!ownSpace(request, reply)) return reply;
    const value = bodyObject(request.body)['value'];
    if (typeof value !== 'string' || !SECRET.test(value))
      return validationFailed(reply, [{ name: 'regexp', path: ['value'], details: 'Does not match /^[0-9a-zA-Z\\-_]{64}$/', value }]);
    webhooks.signingSecret = value;
    writes.record(routeKey(request));
    return { redactedValue: value.slice(-4) };
  });

  api.post('/spaces/:spaceId/webhook_definitions', async (request, reply) => {
    if (!ownSpace(request, reply)) return reply;
    const body = bodyObject(request.body);
    const issues = [
      ...(typeof body['name'] === 'string' && body['name'] !== ''
        ? []
        : [{ name: 'required', path: ['name'], details: 'The property "name" is required here' }]),
      ...(typeof body['url'] === 'string' && /^https?:\/\/\S+$/.test(body['url'])
        ? []
        : [{ name: 'required', path: ['url'], details: 'The property "url" is required here and must be a valid URL' }]),
    ];
    const topics = Array.isArray(body['topics']) ? body['topics'].map(String) : [];
    if (topics.length === 0 || !topics.every((topic) => TOPIC.test(topic)))
      issues.push({ name: 'in', path: ['topics'], details: 'Topics must be one or more of {Entity}.{action}, wildcards allowed' });
    if (issues.length > 0) return validationFailed(reply, issues);
    const hook = webhooks.registry.add({
      id: randomId('', 22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      scope: space.id,
      url: String(body['url']),
      secret: '',
      events: topics,
      active: body['active'] !== false,
      createdAt: new Date().toISOString(),
    });
    writes.record(routeKey(request));
    return reply.code(201).send(render(hook));
  });

  api.get('/spaces/:spaceId/webhook_definitions', async (request, reply) => {
    if (!ownSpace(request, reply)) return reply;
    const items = webhooks.registry.list(space.id).map(render);
    return { sys: { type: 'Array' }, total: items.length, skip: 0, limit: 100, items };
  });

  api.delete('/spaces/:spaceId/webhook_definitions/:webhookId', async (request, reply) => {
    if (!ownSpace(request, reply)) return reply;
    const id = (request.params as { webhookId: string }).webhookId;
    if (!webhooks.registry.delete(id)) return notFound(reply, 'WebhookDefinition', id);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}
