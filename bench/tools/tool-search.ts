/**
 * How long the tool search index takes to build, and a query to answer, for the built-in
 * catalog and for a synthetic one of about a thousand tools (the built-ins copied under new
 * provider ids, so texts are realistic). Also the whole listing and search paths a request
 * takes (permissions, usable connections, filters) on the large catalog.
 *
 *   node -r @swc-node/register bench/tools/tool-search.ts
 *   knobs: BENCH_COPIES (13: 13 × the built-ins), BENCH_BUILDS (20), BENCH_QUERY_ROUNDS (200)
 */
import { performance } from 'node:perf_hooks';
import { catalog, type CatalogEntry } from '@causeway/connectors';
import type { AgentPrincipal } from '../../apps/data-plane/src/agent-auth/api-key-authenticator';
import { toCatalogTool, toolCatalog } from '../../apps/data-plane/src/tools/tool-catalog';
import { listTools, searchTools, type ToolScope } from '../../apps/data-plane/src/tools/tool-listing';
import { ToolSearchIndex } from '../../apps/data-plane/src/tools/tool-search';

const copies = Number(process.env.BENCH_COPIES ?? 13);
const builds = Number(process.env.BENCH_BUILDS ?? 20);
const rounds = Number(process.env.BENCH_QUERY_ROUNDS ?? 200);

const QUERIES = [
  'post a message to a channel',
  'close a ticket',
  'refund a payment',
  'acknowledge the incident',
  'look up a contact by email',
  'open a pull request',
  'run a SOQL query',
  'delete a branch',
  'publish an entry',
  'comment on an issue',
  'list customers subscriptions',
  'archive page',
  'create task in project',
  'search jira issues',
  'refumd paymnt', // typos
  'merge requ', // a half-typed word
];

function syntheticEntries(times: number): CatalogEntry[] {
  const base = catalog.listActions();
  const entries: CatalogEntry[] = [];
  for (let copy = 0; copy < times; copy++) {
    for (const { provider, action } of base) {
      const id = copy === 0 ? provider.id : `${provider.id}${copy}`;
      entries.push({
        provider: { ...provider, id, name: copy === 0 ? provider.name : `${provider.name} ${copy}` },
        action: { ...action, id: `${id}.${action.id.split('.')[1]}` },
      });
    }
  }
  return entries;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms: number) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`);
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}  max ${fmt(sorted[sorted.length - 1])}`;
}
function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const principal: AgentPrincipal = {
  tenantId: 't1',
  keyId: 'k1',
  keyName: 'bench',
  permissions: ['call:Tool', 'read:Tool'] as AgentPrincipal['permissions'],
  allowedTools: null,
  allowedConnections: null,
  keyScopes: ['call:Tool', 'read:Tool'],
  creatorPermissions: ['call:Tool', 'read:Tool'],
};

for (const [label, entries] of [
  ['built-in catalog', catalog.listActions()],
  [`synthetic catalog (${copies} × built-ins)`, syntheticEntries(copies)],
] as const) {
  const tools = entries.map(toCatalogTool);
  // One warm-up build: the first pays for JIT compilation, not for the index.
  const first = time(() => ToolSearchIndex.build(tools));
  const buildTimes = Array.from({ length: builds }, () => time(() => ToolSearchIndex.build(tools)));
  const index = ToolSearchIndex.build(tools);
  const all = () => true;
  for (const q of QUERIES) index.search(q, all); // warm-up
  const queryTimes: number[] = [];
  // Wall-clock percentiles suffer from a shared machine; CPU time per query (user + system, over the whole loop) does less.
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const q of QUERIES) queryTimes.push(time(() => index.search(q, all)));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerQueryMs = (cpu.user + cpu.system) / 1000 / queryTimes.length;

  console.log(`\n${label}: ${tools.length} tools`);
  console.log(`  index build   first ${fmt(first)};  then ${stats(buildTimes)}  (${builds} builds)`);
  console.log(`  query         ${stats(queryTimes)}  (${queryTimes.length} queries; CPU ${fmt(cpuPerQueryMs)} per query)`);

  const built = toolCatalog(entries);
  const scope: ToolScope = { principal, catalog: built, usable: (provider) => provider.length % 2 === 0 };
  const listed: number[] = [];
  const searched: number[] = [];
  for (let round = 0; round < rounds; round++) {
    listed.push(time(() => listTools(scope, { filter: { include: 'usable' }, limit: 100 })));
    searched.push(time(() => searchTools(scope, { filter: { include: 'usable' }, query: QUERIES[round % QUERIES.length], limit: 10 })));
  }
  console.log(`  GET /v1/tools path (permissions, usable, page of 100)   ${stats(listed)}`);
  console.log(`  search path (same, then ranked top 10)                  ${stats(searched)}`);
}
