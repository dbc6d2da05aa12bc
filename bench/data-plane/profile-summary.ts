/**
 * Reads a V8 .cpuprofile (the data plane under load) and says where the time went: busy time
 * by area (Causeway's own code, each npm package, Node core, GC), the top functions by self
 * time, and inclusive time of the steps of a call.
 *
 * By hand: `node -r @swc-node/register bench/data-plane/profile-summary.ts file.cpuprofile`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  byArea: { area: string; ms: number; pct: number }[];
  /** Busy time charged to the nearest Causeway or npm frame on the stack (native and Node-core work included). */
  byOwner: { area: string; ms: number; pct: number }[];
  topSelf: { fn: string; area: string; ms: number; pct: number }[];
  /** Busy time charged to the nearest Causeway function on the stack (everything it called included, counted once). */
  byCausewayFunction: { fn: string; ms: number; pct: number }[];
  inclusive: { fn: string; ms: number; pct: number }[];
}

function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'native';
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /\/(apps|libs|bench)\/([^/]+)\//.exec(url);
  if (m) return `causeway ${m[1]}/${m[2]}`;
  return url;
}

function label(node: ProfileNode): string {
  const { url, functionName, lineNumber } = node.callFrame;
  const short = url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(apps|libs|bench)\//, '$1/')
    .replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'}${short ? ` ${short}:${lineNumber + 1}` : ''}`;
}

/** Functions whose inclusive time tells the steps of one call apart. */
const STEPS = [
  'authenticate',
  'parseActionRequest',
  'callDeniedBy',
  'selectConnection',
  'get', // CredentialProvider.get
  'executeAction',
  'buildRequest',
  'interpret',
  'callAuditMessage',
  'publish',
  'validate',
  'structuredClone',
  'effectiveKeyPermissions',
  'expandPermissions',
  'apiKeySecretMatches',
];

export function summarize(profile: CpuProfile, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  let total = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, { area: string; us: number }>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    total += us;
    const a = area(node);
    if (a === 'idle') {
      idle += us;
      continue;
    }
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = label(node);
    const f = fns.get(key) ?? { area: a, us: 0 };
    f.us += us;
    fns.set(key, f);
  }
  const busy = total - idle;
  // Native and Node-core time (syscalls, string encoding, promise hooks) charged to whoever asked for it.
  const owners = new Map<string, number>();
  const causewayOwners = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const own = area(byId.get(profile.samples[i])!);
    if (own === 'idle') continue;
    let owner = own;
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const a = area(byId.get(id)!);
      if (a.startsWith('causeway') || a.startsWith('npm')) {
        owner = a;
        break;
      }
    }
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
    let fn = '(no Causeway frame)';
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      if (area(node).startsWith('causeway')) {
        fn = label(node);
        break;
      }
    }
    causewayOwners.set(fn, (causewayOwners.get(fn) ?? 0) + dt);
  }
  // Inclusive time of the call's steps (Causeway code only), each counted once per sample.
  const inclusive = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      const name = node.callFrame.functionName;
      if (!STEPS.includes(name)) continue;
      const a = area(node);
      if (!a.startsWith('causeway') && !(name === 'validate' && a === 'native') && name !== 'structuredClone') continue;
      const key = label(node);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const pct = (us: number) => Math.round((1000 * us) / busy) / 10;
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    byArea: [...areas].sort((x, y) => y[1] - x[1]).map(([a, us]) => ({ area: a, ms: us / 1000, pct: pct(us) })),
    byOwner: [...owners].sort((x, y) => y[1] - x[1]).map(([a, us]) => ({ area: a, ms: us / 1000, pct: pct(us) })),
    topSelf: [...fns]
      .sort((x, y) => y[1].us - x[1].us)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, area: f.area, ms: f.us / 1000, pct: pct(f.us) })),
    byCausewayFunction: [...causewayOwners]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000, pct: pct(us) })),
    inclusive: [...inclusive]
      .sort((x, y) => y[1] - x[1])
      .filter(([, us]) => pct(us) >= 0.5)
      .map(([fn, us]) => ({ fn, ms: us / 1000, pct: pct(us) })),
  };
}

export function printSummary(s: ProfileSummary, say: (line: string) => void): void {
  say(`  profiled ${s.totalMs.toFixed(0)} ms, busy ${s.busyMs.toFixed(0)} ms (${((100 * s.busyMs) / s.totalMs).toFixed(0)} % of one core)`);
  say('  busy time by area:');
  for (const a of s.byArea.slice(0, 16)) say(`    ${a.pct.toFixed(1).padStart(5)} %  ${a.area}`);
  say('  busy time by owner (native and Node-core work charged to the nearest Causeway or npm frame):');
  for (const a of s.byOwner.slice(0, 16)) say(`    ${a.pct.toFixed(1).padStart(5)} %  ${a.area}`);
  say('  top functions by self time:');
  for (const f of s.topSelf) say(`    ${f.pct.toFixed(1).padStart(5)} %  ${f.fn}  [${f.area}]`);
  say('  busy time by the nearest Causeway function (its callees in npm packages and Node included):');
  for (const f of s.byCausewayFunction) say(`    ${f.pct.toFixed(1).padStart(5)} %  ${f.fn}`);
  say('  inclusive time of call steps (Causeway code):');
  for (const f of s.inclusive) say(`    ${f.pct.toFixed(1).padStart(5)} %  ${f.fn}`);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
  printSummary(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile), (line) => process.stdout.write(`${line}\n`));
}
