import type { FastifyInstance } from 'fastify';
import { ENTRIES_PATH, link, type ContentfulRoutes, type View } from './contentful-routes';
import { searchEntries } from './contentful-search';
import { CONTENT_TYPES, DEFAULT_LOCALE, LOCALES, type ContentfulEntry, type ContentfulSpace } from './contentful-space';

/** Entries on the Delivery API: the published ("live") version only, per locale (or `*`). */
export function registerDeliveryRoutes(api: FastifyInstance, { space, errorBody, notFound, environmentOf }: ContentfulRoutes): void {
  const base = ENTRIES_PATH;
  api.get(base, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const query = request.query as Record<string, string | undefined>;
    const locale = query['locale'] ?? DEFAULT_LOCALE;
    if (locale !== '*' && !LOCALES.includes(locale)) return errorBody(reply.code(400), 'BadRequest', `Unknown locale: ${locale}`);
    const live = [...space.entries.values()].filter((entry) => entry.live).map((entry) => deliveryView(entry, locale));
    const result = searchEntries(live, query, CONTENT_TYPES);
    if (!result.ok) return errorBody(reply.code(400), 'InvalidQuery', result.message, { errors: result.issues });
    return {
      sys: { type: 'Array' },
      total: result.total,
      skip: result.skip,
      limit: result.limit,
      items: result.items.map((view) => renderDelivery(space, view.entry, locale)),
    };
  });
  api.get(`${base}/:entryId`, async (request, reply) => {
    if (!environmentOf(request, reply)) return reply;
    const locale = (request.query as Record<string, string | undefined>)['locale'] ?? DEFAULT_LOCALE;
    const entry = space.entries.get((request.params as { entryId: string }).entryId);
    return entry?.live ? renderDelivery(space, entry, locale) : notFound(reply, 'Entry', (request.params as { entryId: string }).entryId);
  });
}

export function renderDelivery(space: ContentfulSpace, entry: ContentfulEntry, locale: string): Record<string, unknown> {
  const live = entry.live as NonNullable<ContentfulEntry['live']>;
  const fields: Record<string, unknown> = {};
  for (const [name, perLocale] of Object.entries(live.fields)) {
    const value = locale === '*' ? perLocale : (perLocale[locale] ?? perLocale[DEFAULT_LOCALE]);
    if (value !== undefined) fields[name] = value;
  }
  return {
    metadata: { tags: [] },
    sys: {
      space: link('Space', space.id),
      id: entry.id,
      type: 'Entry',
      createdAt: live.createdAt,
      updatedAt: live.updatedAt,
      environment: link('Environment', 'master'),
      revision: live.revision,
      contentType: link('ContentType', entry.contentTypeId),
      ...(locale === '*' ? {} : { locale }),
    },
    fields,
  };
}

function deliveryView(entry: ContentfulEntry, locale: string): View {
  const live = entry.live as NonNullable<ContentfulEntry['live']>;
  const pick = (perLocale: Record<string, unknown> | undefined) =>
    locale === '*' ? perLocale?.[DEFAULT_LOCALE] : (perLocale?.[locale] ?? perLocale?.[DEFAULT_LOCALE]);
  return {
    entry,
    id: entry.id,
    contentTypeId: entry.contentTypeId,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
    field: (name) => pick(live.fields[name]),
    texts: () =>
      Object.values(live.fields)
        .map(pick)
        .filter((value): value is string => typeof value === 'string'),
  };
}
