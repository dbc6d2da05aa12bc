import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';

export interface HubSpotContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/** Properties a portal has out of the box; anything else is refused as PROPERTY_DOESNT_EXIST. */
const KNOWN_PROPERTIES = new Set([
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'website',
  'jobtitle',
  'lifecyclestage',
  'city',
  'country',
  'createdate',
  'lastmodifieddate',
  'hs_object_id',
]);
const DEFAULT_PROPERTIES = ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];

export class HubSpotContacts {
  readonly contacts = new Map<string, HubSpotContact>();
  private nextId = 51;

  constructor(private readonly now: () => string) {}

  add(properties: Record<string, string>): HubSpotContact {
    const at = this.now();
    const id = String(this.nextId++);
    const contact: HubSpotContact = {
      id,
      properties: { ...properties, createdate: at, lastmodifieddate: at, hs_object_id: id },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.contacts.set(id, contact);
    return contact;
  }

  byEmail(email: string): HubSpotContact | undefined {
    return [...this.contacts.values()].find((contact) => !contact.archived && contact.properties['email']?.toLowerCase() === email.toLowerCase());
  }
}

export interface HubSpotErrors {
  send(reply: FastifyReply, status: number, category: string, message: string, errors?: unknown[]): FastifyReply;
}

function selected(contact: HubSpotContact, names: string[] | undefined) {
  const wanted = names && names.length > 0 ? names : DEFAULT_PROPERTIES;
  const properties: Record<string, string | null> = {};
  for (const name of wanted) properties[name] = contact.properties[name] ?? null;
  return {
    id: contact.id,
    properties,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    archived: contact.archived,
    ...(contact.archivedAt ? { archivedAt: contact.archivedAt } : {}),
  };
}

const namesFromQuery = (value: string | undefined) =>
  value
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);

/** `after` is the next record's id as a string; paging.next is absent on the last page. */
function page(list: HubSpotContact[], after: string | undefined, limit: number, link: string) {
  const start = after
    ? Math.max(
        0,
        list.findIndex((contact) => Number(contact.id) >= Number(after)),
      )
    : 0;
  const slice = after && list.every((contact) => Number(contact.id) < Number(after)) ? [] : list.slice(start, start + limit);
  const next = list[start + limit];
  return { slice, paging: next && slice.length > 0 ? { next: { after: next.id, link: `${link}?after=${next.id}` } } : undefined };
}

export function registerHubSpotContacts(api: FastifyInstance, data: HubSpotContacts, context: TokenApiContext, errors: HubSpotErrors): void {
  const notFound = (reply: FastifyReply) => errors.send(reply, 404, 'OBJECT_NOT_FOUND', 'resource not found');
  const live = (request: FastifyRequest) => {
    const contact = data.contacts.get((request.params as { id: string }).id);
    return contact && !contact.archived ? contact : undefined;
  };
  const invalidProperties = (reply: FastifyReply, properties: Record<string, unknown>) => {
    const unknown = Object.keys(properties).filter((name) => !KNOWN_PROPERTIES.has(name));
    if (unknown.length === 0) return undefined;
    return errors.send(
      reply,
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: ${JSON.stringify(unknown.map((name) => ({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name })))}`,
      unknown.map((name) => ({ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } })),
    );
  };
  const stringProps = (value: unknown) => Object.fromEntries(Object.entries(bodyObject(value)).map(([key, property]) => [key, String(property)]));

  api.get('/crm/v3/objects/contacts', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const limit = Math.min(Math.max(Number(query['limit'] ?? 10) || 10, 1), 100);
    const archived = query['archived'] === 'true';
    const list = [...data.contacts.values()].filter((contact) => contact.archived === archived);
    const { slice, paging } = page(list, query['after'], limit, `http://${request.headers.host}/crm/v3/objects/contacts`);
    return { results: slice.map((contact) => selected(contact, namesFromQuery(query['properties']))), ...(paging ? { paging } : {}) };
  });

  api.get('/crm/v3/objects/contacts/:id', async (request, reply) => {
    const contact = live(request);
    return contact ? selected(contact, namesFromQuery((request.query as Record<string, string | undefined>)['properties'])) : notFound(reply);
  });

  api.post('/crm/v3/objects/contacts', async (request, reply) => {
    const properties = stringProps(bodyObject(request.body)['properties']);
    const invalid = invalidProperties(reply, properties);
    if (invalid) return invalid;
    const existing = properties['email'] ? data.byEmail(properties['email']) : undefined;
    if (existing) return errors.send(reply, 409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
    const contact = data.add(properties);
    context.recordWrite(request);
    return reply.code(201).send(selected(contact, Object.keys(contact.properties)));
  });

  api.patch('/crm/v3/objects/contacts/:id', async (request, reply) => {
    const contact = live(request);
    if (!contact) return notFound(reply);
    const properties = stringProps(bodyObject(request.body)['properties']);
    const invalid = invalidProperties(reply, properties);
    if (invalid) return invalid;
    const clash = properties['email'] ? data.byEmail(properties['email']) : undefined;
    if (clash && clash.id !== contact.id) return errors.send(reply, 409, 'CONFLICT', `Contact already exists. Existing ID: ${clash.id}`);
    contact.updatedAt = new Date(context.clock.now()).toISOString();
    Object.assign(contact.properties, properties, { lastmodifieddate: contact.updatedAt });
    context.recordWrite(request);
    return selected(contact, Object.keys(contact.properties));
  });

  // Archiving an unknown or already archived id still answers 204, as HubSpot does.
  api.delete('/crm/v3/objects/contacts/:id', async (request, reply) => {
    const contact = live(request);
    if (contact) {
      contact.archived = true;
      contact.archivedAt = new Date(context.clock.now()).toISOString();
      context.recordWrite(request);
    }
    return reply.code(204).send();
  });

  api.post('/crm/v3/objects/contacts/search', async (request, reply) => {
    const body = bodyObject(request.body);
    const groups = Array.isArray(body['filterGroups']) ? body['filterGroups'].map(bodyObject) : [];
    const filters = groups.flatMap((group) => (Array.isArray(group['filters']) ? group['filters'].map(bodyObject) : []));
    const unknown = filters.find((filter) => !KNOWN_PROPERTIES.has(String(filter['propertyName'])));
    if (unknown)
      return errors.send(reply, 400, 'VALIDATION_ERROR', `There was a problem with the request.`, [
        {
          message: `Property ${String(unknown['propertyName'])} does not exist`,
          code: 'INVALID_PROPERTY',
          context: { propertyName: [String(unknown['propertyName'])] },
        },
      ]);
    const text = typeof body['query'] === 'string' ? body['query'].toLowerCase() : undefined;
    const matches = [...data.contacts.values()].filter((contact) => {
      if (contact.archived) return false;
      if (text && !['email', 'firstname', 'lastname', 'phone', 'company'].some((name) => contact.properties[name]?.toLowerCase().includes(text))) return false;
      return filters.every((filter) => {
        const value = contact.properties[String(filter['propertyName'])];
        switch (filter['operator']) {
          case 'EQ':
            return value?.toLowerCase() === String(filter['value']).toLowerCase();
          case 'NEQ':
            return value?.toLowerCase() !== String(filter['value']).toLowerCase();
          case 'HAS_PROPERTY':
            return value !== undefined && value !== '';
          case 'NOT_HAS_PROPERTY':
            return value === undefined || value === '';
          case 'CONTAINS_TOKEN':
            return value?.toLowerCase().includes(String(filter['value']).toLowerCase().replace(/\*/g, '')) ?? false;
          default:
            return true;
        }
      });
    });
    const limit = Math.min(Math.max(Number(body['limit'] ?? 10) || 10, 1), 200);
    const offset = Number(body['after'] ?? 0) || 0;
    const slice = matches.slice(offset, offset + limit);
    const names = Array.isArray(body['properties']) ? body['properties'].map(String) : undefined;
    // Search pages by position: `after` is the offset of the next result, as a string.
    const next = offset + limit < matches.length ? { next: { after: String(offset + limit) } } : undefined;
    return { total: matches.length, results: slice.map((contact) => selected(contact, names)), ...(next ? { paging: next } : {}) };
  });
}
