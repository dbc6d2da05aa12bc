import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { outputFields, type ImportedProviderShape } from './imported-api';
import { pageOf } from './list-paging';
import { routeOperations, type RoutedOperation } from './operation-kinds';
import { ResourceStore, type Resource } from './resource-store';
import { errorBody, isAuthorized, RateWindow } from './vendor-behaviour';

export interface SpecDrivenSimulatorOptions {
  /** Secrets the simulated vendor accepts: tokens or keys, or `user:password` for Basic. */
  secrets: string[];
  /** Calls allowed per window before 429 (default 1000 per minute). */
  rateLimit?: { limit: number; windowMs: number };
  /**
   * The vendor's id format for created items, when its spec constrains ids (Twilio SIDs are
   * `CR` + 32 hex digits); by default `sim000001`, `sim000002` …
   */
  idFormat?: (sequence: number) => string;
  now?: () => number;
}

export interface SpecDrivenSimulatorControl {
  /** Puts an item at a concrete item path, e.g. `/tasks/123`, as if created earlier. */
  seed(itemPath: string, fields?: Resource): Resource;
  /** Every item of a concrete collection path, e.g. `/v1/Credentials/AWS`. */
  items(collectionPath: string): Resource[];
  setRateLimit(limit: number): void;
  /** Calls received per action id. */
  calls(): Record<string, number>;
  reset(): void;
}

export interface SpecDrivenSimulator {
  url: string;
  /** The provider's default server as served here (`url` + the server's own path, e.g. `/2.0`). */
  serverUrl: string;
  control: SpecDrivenSimulatorControl;
  stop(): Promise<void>;
}

/**
 * A stateful stand-in for a vendor, built from its imported definition alone: resources from
 * the paths, create/read/update/delete/list with the declared pagination, the auth modes'
 * credential checks, the vendor's error envelope and rate-limit headers. Use a hand-written
 * simulator where a vendor's quirk matters more than its shape.
 */
export async function startSpecDrivenSimulator(provider: ImportedProviderShape, options: SpecDrivenSimulatorOptions): Promise<SpecDrivenSimulator> {
  const basePath = new URL((provider.servers['default']?.url ?? 'https://x/').replace(/\{[^}]+\}/g, 'x')).pathname.replace(/\/$/, '');
  const routes = routeOperations(provider.actions);
  const store = new ResourceStore(options.idFormat);
  const secrets = new Set(options.secrets);
  const window = new RateWindow(options.rateLimit?.limit ?? 1000, options.rateLimit?.windowMs ?? 60_000, options.now ?? Date.now);
  const calls: Record<string, number> = {};

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
    const text = String(raw);
    const type = String(request.headers['content-type'] ?? '');
    if (text === '') return done(null, undefined);
    if (/urlencoded/i.test(type)) return done(null, Object.fromEntries(new URLSearchParams(text)));
    try {
      return done(null, JSON.parse(text));
    } catch {
      return done(null, { __malformed: text });
    }
  });

  const fail = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send(errorBody(provider, status, code, message));

  app.all('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(request.url, `http://${request.headers.host ?? '127.0.0.1'}`);
    const query = Object.fromEntries(url.searchParams);
    if (!isAuthorized(provider, { headers: request.headers, query }, secrets)) return fail(reply, 401, 'unauthorized', 'API token is invalid.');
    const limit = window.take(provider);
    for (const [name, value] of Object.entries(limit.headers)) reply.header(name, value);
    if (!limit.allowed) return fail(reply, 429, 'rate_limited', 'You have been rate limited. Please try again later.');

    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
    const route = routes.find((candidate) => candidate.method === request.method && candidate.matcher.test(path));
    if (!route) return fail(reply, 404, 'object_not_found', `No route ${request.method} ${path}.`);
    calls[route.action.id] = (calls[route.action.id] ?? 0) + 1;
    const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    if ('__malformed' in body) return fail(reply, 400, 'invalid_json', 'The request body could not be parsed as JSON.');
    return answer(route, path, url, query, body, reply);
  });

  function answer(route: RoutedOperation, path: string, url: URL, query: Record<string, string>, body: Record<string, unknown>, reply: FastifyReply) {
    const envelope = envelopeOf(route);
    const wrap = (item: Resource) => (envelope ? { [envelope]: item } : item);
    const fields = envelope && typeof body[envelope] === 'object' && body[envelope] !== null ? (body[envelope] as Resource) : body;
    const { collection, id } = split(path);
    switch (route.kind) {
      case 'list': {
        const page = pageOf(route.action, store.list(path), { query, body, url }, (item) => item);
        for (const [name, value] of Object.entries(page.headers)) reply.header(name, value);
        return reply.code(200).send(page.body);
      }
      case 'create': {
        const newId = store.nextId();
        return reply.code(201).send(wrap(store.put(path, newId, withId(itemParamOf(path), outputFields(route.action).names, newId, fields))));
      }
      case 'read': {
        const found = store.get(collection, id);
        return found ? reply.code(200).send(wrap(found)) : fail(reply, 404, 'object_not_found', `Could not find ${id}.`);
      }
      case 'update': {
        const found = store.get(collection, id);
        if (!found) return fail(reply, 404, 'object_not_found', `Could not find ${id}.`);
        return reply.code(200).send(wrap(store.put(collection, id, { ...found, ...fields })));
      }
      case 'delete': {
        const found = store.delete(collection, id);
        if (!found) return fail(reply, 404, 'object_not_found', `Could not find ${id}.`);
        return outputFields(route.action).names.length > 0 ? reply.code(200).send(wrap({ ...found, archived: true })) : reply.code(204).send();
      }
      case 'action': {
        const existing = store.get('__singletons', `${route.method} ${path}`) ?? { id: store.nextId() };
        return reply.code(200).send(wrap(store.put('__singletons', `${route.method} ${path}`, { ...existing, ...fields })));
      }
    }
  }

  /** The name the read route gives an item of this collection (`task_gid`, `Sid`). */
  function itemParamOf(collectionPath: string): string | undefined {
    const route = routes.find((candidate) => candidate.kind === 'read' && candidate.matcher.test(`${collectionPath}/x`));
    return route?.params[route.params.length - 1];
  }

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    serverUrl: `${url}${basePath}`,
    stop: () => app.close(),
    control: {
      seed: (itemPath, fields = {}) => {
        const { collection, id } = split(itemPath);
        const route = routes.find((candidate) => candidate.kind === 'read' && candidate.matcher.test(itemPath));
        return store.put(collection, id, withId(route?.params[route.params.length - 1], route ? outputFields(route.action).names : [], id, fields));
      },
      items: (collectionPath) => store.list(collectionPath),
      setRateLimit: (limit) => {
        window.limit = limit;
      },
      calls: () => ({ ...calls }),
      reset: () => {
        store.clear();
        for (const key of Object.keys(calls)) delete calls[key];
      },
    },
  };
}

/** A single `data` field around every object (Asana): the answer and the request body use it. */
function envelopeOf(route: RoutedOperation): string | undefined {
  const names = outputFields(route.action).names;
  return names.length === 1 && names[0] === 'data' && route.kind !== 'list' ? 'data' : undefined;
}

/**
 * Stores the id under `id` and under the names the vendor uses for it: the item's path
 * parameter (`Sid` -> `sid`, `task_gid` -> `gid`) and any of `sid`/`gid` the answer declares.
 */
function withId(itemParam: string | undefined, outputNames: string[], id: string, fields: Resource): Resource {
  const fromParam = itemParam ? [itemParam.toLowerCase(), itemParam.toLowerCase().split('_').pop() as string] : [];
  const aliases = new Set([
    'id',
    ...fromParam.filter((name) => /^(id|sid|gid|uuid|number)$/.test(name)),
    ...['sid', 'gid'].filter((name) => outputNames.includes(name)),
  ]);
  return { ...fields, ...Object.fromEntries([...aliases].map((name) => [name, id])) };
}

function split(path: string): { collection: string; id: string } {
  const index = path.lastIndexOf('/');
  return { collection: path.slice(0, index) || '/', id: decodeURIComponent(path.slice(index + 1)) };
}
