import { randomUUID } from 'node:crypto';
import { PlatformHarness } from '../support/platform-harness';
import { foreignIds } from './support/foreign-ids';
import { buildOperation, introspect, operationsOf, takesNoRequiredArguments, type Operation, type Schema } from './support/graphql-operations';
import { SchemaValues, isIdSlot, type JsonSchema } from './support/json-schema-values';
import { tenantWithEverything, type SweepTenant } from './support/two-tenants';

/**
 * Tenant isolation, swept rather than listed (architecture §6: "a key or user of tenant A can
 * never see or touch anything of tenant B, whatever ids it sends"). Every GraphQL query and
 * mutation from the served schema, every route of the data plane's served OpenAPI document and
 * every MCP tool from `tools/list` is called as tenant A with tenant B's ids, one id slot at a
 * time, so an operation added later is covered without editing this file. Each answer must:
 * - not be a server error;
 * - show nothing of B's (no name carrying B's marker, no e-mail of B's, no id of B's in data);
 * - be the same answer a random id gets (no oracle telling "exists elsewhere" from "no such id").
 * Afterwards B's objects, read as B, are what they were; nothing was published for B and
 * nothing was sent on B's connection.
 */

/** Every name tenant B chooses carries this; it is never sent by the sweep. */
const MARKER = 'Zq7bravo';

/**
 * Operations the sweep does not call, each with why. Only operations that take no
 * tenant-scoped id belong here.
 */
const GRAPHQL_SKIPS: Record<string, string> = {
  // Ends the sweeping session itself; takes no id (its refresh token comes from the cookie or the argument, never another tenant's object).
  logout: 'ends the session the sweep runs under',
};

interface Finding {
  surface: string;
  operation: string;
  slot: string;
  problem: string;
}

describe('cross-tenant sweep: tenant A sends tenant B’s ids everywhere', () => {
  const cp = new PlatformHarness();
  let a: SweepTenant;
  let b: SweepTenant;
  let schema: Schema;
  let bIds: Map<string, string>;
  let bBefore: Record<string, unknown>;
  let eventsBefore: number;
  let bWritesBefore: number;
  const findings: Finding[] = [];
  const counted = { graphql: 0, rest: 0, mcp: 0 };

  const gql = (query: string, variables: Record<string, unknown>, token: string) => cp.gql(query, variables, token);
  const bLeaks = (text: string) => [MARKER, b.owner.email, `@${b.slug}.test`].filter((s) => text.includes(s));
  const bIdsIn = (text: string) => [...bIds.entries()].filter(([, id]) => text.toLowerCase().includes(id)).map(([label]) => label);

  /** Every query that takes no required argument, as `token` sees it: what a tenant can read. */
  async function readAll(token: string): Promise<Record<string, unknown>> {
    const seen: Record<string, unknown> = {};
    for (const op of operationsOf(schema).filter((o) => o.kind === 'query' && takesNoRequiredArguments(o))) {
      const built = buildOperation(schema, op, { filler: randomUUID(), tenantSlug: b.slug, url: 'http://127.0.0.1:9/' });
      const result = await gql(built.document, built.variables, token);
      seen[op.field.name] = result.data?.[op.field.name] ?? { errors: result.errors?.map((e) => e.extensions?.code) };
    }
    return seen;
  }

  beforeAll(async () => {
    await cp.start();
    a = await tenantWithEverything(cp, 'sweep-alpha', 'Xa9alpha');
    b = await tenantWithEverything(cp, 'sweep-bravo', MARKER, true);
    schema = await introspect((query) => gql(query, {}, a.token));
    bBefore = await readAll(b.token);
    bIds = foreignIds(bBefore, await readAll(a.token), {
      tenant: b.tenantId,
      owner: b.ownerId,
      member: b.memberId,
      role: b.roleId,
      apiKey: b.keyId,
      connection: b.connectionId,
      approval: b.approvalId,
    });
    eventsBefore = cp.events.length;
    bWritesBefore = b.slack.control.writeCount();
  }, 120_000);

  afterAll(async () => {
    await cp.stop();
    await Promise.all([a?.slack.stop(), b?.slack.stop()]);
  }, 30_000);

  /** The checks every answer gets; `sent` is the foreign id this call carried (echoing it in an error is not a leak). */
  function inspect(
    surface: string,
    operation: string,
    slot: string,
    answer: { status: number; text: string; data?: unknown; outcome: string },
    baseline?: { status: number; outcome: string },
  ) {
    const add = (problem: string) => findings.push({ surface, operation, slot, problem });
    if (answer.status >= 500 || /INTERNAL_SERVER_ERROR|"code":"internal"/.test(answer.text)) add(`server error ${answer.status}: ${answer.text.slice(0, 200)}`);
    const leaks = bLeaks(answer.text);
    if (leaks.length) add(`shows B's ${leaks.join(', ')}`);
    const ids = bIdsIn(JSON.stringify(answer.data ?? null));
    if (ids.length) add(`data holds B's ids: ${ids.join(', ')}`);
    if (baseline && answer.status !== 429 && baseline.status !== 429 && (baseline.status !== answer.status || baseline.outcome !== answer.outcome)) {
      add(`answers B's id with ${answer.status} ${answer.outcome} but a random id with ${baseline.status} ${baseline.outcome}`);
    }
  }

  it('REST: every route of the served OpenAPI document, with B’s ids in every id parameter and body field', async () => {
    const document = (await (await fetch(`${cp.dataPlane.url}/openapi.json`)).json()) as OpenApi;
    const resolve = (ref: string) =>
      ref
        .split('/')
        .slice(1)
        .reduce<any>((node, part) => node[part], document) as JsonSchema; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document by pointer
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as OpenApiOperation })),
    );
    expect(routes.length).toBeGreaterThan(5);

    for (const route of routes) {
      const send = async (slotValue?: (i: number) => string | undefined) => {
        const values = new SchemaValues({ slotValue, filler: randomUUID() }, resolve);
        let url = route.path;
        const query = new URLSearchParams();
        const headers: Record<string, string> = { authorization: `Bearer ${a.key}`, accept: 'application/json, text/event-stream' };
        for (const raw of route.operation.parameters ?? []) {
          const parameter = (raw.$ref ? resolve(raw.$ref) : raw) as OpenApiParameter;
          const value = isIdSlot(parameter.name, parameter.schema)
            ? values.idSlot(parameter.in === 'path' || !!parameter.required)
            : parameter.required
              ? (parameter.example ?? values.valueOf(parameter.name, parameter.schema, true))
              : undefined;
          if (value === undefined) continue;
          if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
          else if (parameter.in === 'query') query.set(parameter.name, String(value));
          else if (parameter.in === 'header') headers[parameter.name] = String(value);
        }
        const bodySchema = route.operation.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
        const body = bodySchema ? JSON.stringify(values.valueOf('body', bodySchema, true)) : undefined;
        if (body) headers['content-type'] = 'application/json';
        const response = await fetch(`${cp.dataPlane.url}${url}${query.size ? `?${query}` : ''}`, { method: route.method.toUpperCase(), headers, body });
        const text = await response.text();
        counted.rest += 1;
        const parsed = parseJson(text);
        return {
          status: response.status,
          text,
          data: parsed?.data ?? parsed?.approval ?? parsed?.tools,
          outcome: String(parsed?.error?.code ?? 'ok'),
          slots: values.slots,
        };
      };
      await sweep('rest', `${route.method.toUpperCase()} ${route.path}`, send);
    }
  }, 120_000);

  it('MCP: every tool from tools/list, with B’s ids in every id argument and _causeway option', async () => {
    const rpc = async (method: string, params: Record<string, unknown>) => {
      const response = await fetch(`${cp.dataPlane.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const text = await response.text();
      return { status: response.status, text, body: parseJson(text.startsWith('event:') ? text.split('data: ')[1] : text) };
    };
    // Every tool of the catalog, not only those of A's connections: B's ids must be refused everywhere.
    const tools: { name: string; inputSchema: JsonSchema }[] = [];
    let cursor: string | undefined;
    do {
      const listed = await rpc('tools/list', { ...(cursor ? { cursor } : {}), _meta: { 'causeway/include': 'all' } });
      tools.push(...(listed.body.result.tools as { name: string; inputSchema: JsonSchema }[]));
      cursor = listed.body.result.nextCursor as string | undefined;
    } while (cursor);
    expect(tools.length).toBeGreaterThan(5);

    for (const tool of tools) {
      const send = async (slotValue?: (i: number) => string | undefined) => {
        const values = new SchemaValues({ slotValue, filler: randomUUID() });
        const args = values.valueOf('arguments', tool.inputSchema, true);
        const answer = await rpc('tools/call', { name: tool.name, arguments: args });
        counted.mcp += 1;
        const result = answer.body?.result;
        const outcome = String(
          result?._meta?.['causeway/error']?.code ?? (result?._meta?.['causeway/approval'] ? 'pending' : (answer.body?.error?.code ?? 'ok')),
        );
        return { status: answer.status, text: answer.text, data: result?.isError ? undefined : result?.structuredContent, outcome, slots: values.slots };
      };
      await sweep('mcp', tool.name, send);
    }
  }, 240_000);

  it('GraphQL: every query and mutation of the served schema, with B’s ids in every ID argument and input field', async () => {
    const operations = operationsOf(schema).filter((op) => !(op.field.name in GRAPHQL_SKIPS));
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      const send = async (slotValue?: (i: number) => string | undefined) => sendGraphql(op, slotValue);
      await sweep('graphql', `${op.kind} ${op.field.name}`, send);
    }
  }, 240_000);

  async function sendGraphql(op: Operation, slotValue?: (i: number) => string | undefined) {
    const built = buildOperation(schema, op, { slotValue, filler: randomUUID(), tenantSlug: b.slug, url: 'http://127.0.0.1:9/' });
    const result = await gql(built.document, built.variables, a.token);
    counted.graphql += 1;
    const outcome = result.errors?.length ? String(result.errors[0].extensions?.code ?? 'error') : 'ok';
    return { status: result.status, text: result.raw, data: result.data, outcome, slots: built.slots };
  }

  /**
   * One operation: once with no foreign id at all, then for each id slot once with a random id
   * (the baseline) and once per id of B's, compared with the baseline.
   */
  async function sweep(
    surface: string,
    operation: string,
    send: (slotValue?: (i: number) => string | undefined) => Promise<{ status: number; text: string; data?: unknown; outcome: string; slots: number }>,
  ) {
    const plain = await send();
    inspect(surface, operation, '(none)', plain);
    for (let slot = 0; slot < plain.slots; slot++) {
      const only = (value: string) => (i: number) => (i === slot ? value : undefined);
      const baseline = await send(only(randomUUID()));
      inspect(surface, operation, `#${slot} random`, baseline);
      for (const [label, id] of bIds) inspect(surface, operation, `#${slot} ${label}`, await send(only(id)), baseline);
    }
  }

  it('leaves B’s objects as B reads them, publishes nothing for B and sends nothing on B’s connection', async () => {
    expect(withoutVolatile(await readAll(b.token))).toEqual(withoutVolatile(bBefore));
    const forB = cp.events.slice(eventsBefore).filter((event) => event.key === b.tenantId || (event.value as { tenantId?: string }).tenantId === b.tenantId);
    expect(forB.map((event) => `${event.topic} ${JSON.stringify(event.value).slice(0, 300)}`)).toEqual([]);
    expect(b.slack.control.writeCount()).toBe(bWritesBefore);
  }, 60_000);

  it('finds nothing across the whole sweep', () => {
    // The sweep really ran: every surface answered many calls, with B's ids of several kinds.
    expect(bIds.size).toBeGreaterThanOrEqual(7);
    expect(counted.graphql).toBeGreaterThan(100);
    expect(counted.rest).toBeGreaterThan(20);
    expect(counted.mcp).toBeGreaterThan(50);
    expect(findings.map((f) => `${f.surface} ${f.operation} [${f.slot}]: ${f.problem}`)).toEqual([]);
  });
});

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}
interface OpenApiOperation {
  parameters?: (OpenApiParameter & { $ref?: string })[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are probed field by field
function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fields that change by themselves (clocks, usage counters), not by anything A could do. */
function withoutVolatile(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/"(lastUsedAt|lastSeenAt|updatedAt|expiresAt|now|checkedAt)":"[^"]*"/g, '"$1":"<time>"'));
}
