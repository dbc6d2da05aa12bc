import 'reflect-metadata';
import { canonicalJson } from '../../apps/audit/src/chain/canonical-json';
import { createAuditDataSource } from '../../apps/audit/src/database/data-source';
import { AuditStore } from '../../apps/audit/src/store/audit-store';
import { toolCallEvent } from './synthetic-events';
(async () => {
  const db = createAuditDataSource('postgres://causeway:causeway@127.0.0.1:55432/probe_audit', 4); await db.initialize();
  const origQuery = db.createQueryRunner;
  // time every query issued inside transactions
  const times = new Map<string, number>();
  const em = db.manager;
  const qr = db.createQueryRunner.bind(db);
  (db as unknown as { createQueryRunner: typeof qr }).createQueryRunner = (...a: Parameters<typeof qr>) => {
    const r = qr(...a); const q = r.query.bind(r);
    r.query = (async (sql: string, p?: unknown[]) => { const t = process.hrtime.bigint(); try { return await q(sql, p); } finally { const k = sql.trim().slice(0, 40); times.set(k, (times.get(k) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6); } }) as typeof r.query;
    return r;
  };
  void origQuery; void em;
  const store = new AuditStore(db);
  for (const tenants of [1, 100]) {
    times.clear();
    const t0 = Date.now(); let canonMs = 0;
    for (let i = 0; i < 10; i++) {
      const c0 = Date.now();
      const batch = Array.from({ length: 5000 }, (_, j) => toolCallEvent(`tt${tenants}-${j % tenants}`, i * 5000 + j)).map((event) => ({ event, canonical: canonicalJson(event) }));
      canonMs += Date.now() - c0;
      await store.append(batch);
    }
    console.log('tenants', tenants, 'total', Date.now() - t0, 'ms for 50k; gen+canon', canonMs);
    for (const [k, v] of times) console.log('  ', v.toFixed(0).padStart(6), k);
  }
  await db.destroy();
})();
