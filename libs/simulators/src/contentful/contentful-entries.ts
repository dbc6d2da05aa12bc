import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import { ENTRIES_PATH, link, type ContentfulRoutes, type View } from './contentful-routes';
import { searchEntries } from './contentful-search';
import { CONTENT_TYPES, DEFAULT_LOCALE, SIM_USER_ID, type ContentfulEntry, type ContentfulSpace, type LocalizedFields } from './contentful-space';

/** Entries on the Management API: search, read, create (POST or PUT on a new id), update, publish, unpublish, delete. */
export function registerEntryRoutes(
  api: FastifyInstance,
  { space, writes, errorBody, notFound, validationFailed, environmentOf, webhooks }: ContentfulRoutes,
): void {
  const base = ENTRIES_PATH;
  const entryOf = (request: FastifyRequest) => space.entries.get((request.params as { entryId: string }).entryId);
  const versionHeader = (request: FastifyRequest) => {
    const raw = request.headers['x-contentful-version'];
    return raw === undefined ? undefined : Number(raw);
  };
  const versionMismatch = (reply: FastifyReply) => errorBody(reply.code(409), 'VersionMismatch', '');

  api.get(base, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const result = searchEntries([...space.entries.values()].map(managementView), request.query as Record<string, string | undefined>, CONTENT_TYPES);
    if (!result.ok) return errorBody(reply.code(400), 'InvalidQuery', result.message, { errors: result.issues });
    return {
      sys: { type: 'Array' },
      total: result.total,
      skip: result.skip,
      limit: result.limit,
      items: result.items.map((view) => renderManagement(space, view.entry)),
    };
  });

  api.get(`${base}/:entryId`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const entry = entryOf(request);
    return entry ? renderManagement(space, entry) : notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
  });

  api.post(base, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const type = space.contentType(request.headers['x-contentful-content-type'] as string | undefined);
    if (!type)
      return validationFailed(reply, [
        { name: 'notResolvable', path: ['sys', 'contentType'], details: 'The content type given in X-Contentful-Content-Type does not exist' },
      ]);
    const fields = bodyObject(request.body)['fields'] ?? {};
    const issues = space.checkShape(type, fields);
    if (issues.length > 0) return validationFailed(reply, issues);
    const entry = space.create(type, fields as LocalizedFields);
    writes.record(routeKey(request));
    return reply.code(201).send(renderManagement(space, entry));
  });

  api.put(`${base}/:entryId`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const entry = entryOf(request);
    const fields = bodyObject(request.body)['fields'] ?? {};
    if (!entry) {
      // PUT on a new id creates the entry with that id.
      const type = space.contentType(request.headers['x-contentful-content-type'] as string | undefined);
      if (!type) return notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
      const issues = space.checkShape(type, fields);
      if (issues.length > 0) return validationFailed(reply, issues);
      writes.record(routeKey(request));
      return reply.code(201).send(renderManagement(space, space.create(type, fields as LocalizedFields, (request.params as { entryId: string }).entryId)));
    }
    if (versionHeader(request) !== entry.version) return versionMismatch(reply);
    const issues = space.checkShape(space.contentType(entry.contentTypeId) as (typeof CONTENT_TYPES)[number], fields);
    if (issues.length > 0) return validationFailed(reply, issues);
    space.update(entry, fields as LocalizedFields);
    writes.record(routeKey(request));
    return renderManagement(space, entry);
  });

  api.put(`${base}/:entryId/published`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const entry = entryOf(request);
    if (!entry) return notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
    if (versionHeader(request) !== entry.version) return versionMismatch(reply);
    const issues = space.checkPublishable(entry);
    if (issues.length > 0) return validationFailed(reply, issues);
    space.publish(entry);
    writes.record(routeKey(request));
    const rendered = renderManagement(space, entry) as { sys: { id: string; version: number } } & Record<string, unknown>;
    webhooks.emit(space.id, 'Entry', 'publish', rendered);
    return rendered;
  });

  api.delete(`${base}/:entryId/published`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const entry = entryOf(request);
    if (!entry) return notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
    const version = versionHeader(request);
    if (version !== undefined && version !== entry.version) return versionMismatch(reply);
    if (entry.publishedVersion === undefined) return errorBody(reply.code(400), 'BadRequest', 'Not published');
    space.unpublish(entry);
    writes.record(routeKey(request));
    return renderManagement(space, entry);
  });

  api.delete(`${base}/:entryId`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const entry = entryOf(request);
    if (!entry) return notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
    if (entry.publishedVersion !== undefined) return errorBody(reply.code(400), 'BadRequest', 'Cannot deleted published');
    space.entries.delete(entry.id);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}

export function renderManagement(space: ContentfulSpace, entry: ContentfulEntry): Record<string, unknown> {
  const sys: Record<string, unknown> = {
    space: link('Space', space.id),
    id: entry.id,
    type: 'Entry',
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    environment: link('Environment', 'master'),
    createdBy: link('User', SIM_USER_ID),
    updatedBy: link('User', SIM_USER_ID),
    publishedCounter: entry.publishedCounter,
    version: entry.version,
    contentType: link('ContentType', entry.contentTypeId),
  };
  if (entry.publishedVersion !== undefined)
    Object.assign(sys, {
      publishedVersion: entry.publishedVersion,
      publishedAt: entry.publishedAt,
      firstPublishedAt: entry.firstPublishedAt,
      publishedBy: link('User', SIM_USER_ID),
    });
  return { metadata: { tags: [] }, sys, fields: entry.fields };
}

function managementView(entry: ContentfulEntry): View {
  return {
    entry,
    id: entry.id,
    contentTypeId: entry.contentTypeId,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    field: (name) => entry.fields[name]?.[DEFAULT_LOCALE],
    texts: () => Object.values(entry.fields).flatMap((perLocale) => Object.values(perLocale).filter((value): value is string => typeof value === 'string')),
  };
}
