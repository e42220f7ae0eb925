import Database from 'better-sqlite3';
import { createSqliteAnalyticsStore } from '../db/sqlite/sqlite-analytics-store.ts';
const db = new Database(process.argv[2] ?? '/tmp/big.db', { readonly: true });
const store = createSqliteAnalyticsStore(db);
const to = 1795862408737 + 1, from = to - 86_400_000;
const out: Record<string, unknown> = {};
for (const g of ['country', 'provider', 'operator', 'hour'] as const) {
  const t0 = performance.now(); out[g] = store.summary({ from, to, groupBy: g }); console.log('summary', g, (performance.now() - t0).toFixed(0), 'ms');
}
let t0 = performance.now(); out.ts = store.timeseries({ from, to, bucketMs: 600_000 }); console.log('timeseries 10-min buckets', (performance.now() - t0).toFixed(0), 'ms');
t0 = performance.now(); out.total = store.timeseries({ from, to, bucketMs: to - from }); console.log('totals', (performance.now() - t0).toFixed(0), 'ms');
t0 = performance.now(); out.tenant = store.summary({ from, to, groupBy: 'country', tenantId: 'tn_demo' }); console.log('summary tenant', (performance.now() - t0).toFixed(0), 'ms');
if (process.argv[3]) (await import('node:fs')).writeFileSync(process.argv[3], JSON.stringify(out, null, 1));
