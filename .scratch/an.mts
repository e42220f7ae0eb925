import Database from 'better-sqlite3';
import { createSqliteAnalyticsStore } from '/work/main/db/sqlite/sqlite-analytics-store.ts';
const db = new Database('/tmp/hp/r.db', { readonly: true });
const store = createSqliteAnalyticsStore(db);
const to = Date.now(), from = to - 86_400_000;
const n = (db.prepare('select count(*) c from verifications where created_at >= ?').get(from) as any).c;
const na = (db.prepare('select count(*) c from attempts').get() as any).c;
console.log('verifications', n, 'attempts', na);
for (const g of ['country','provider'] as const) {
  const t0 = performance.now(); store.summary({ from, to, groupBy: g }); console.log('summary', g, (performance.now()-t0).toFixed(0), 'ms');
}
let t0 = performance.now(); store.timeseries({ from, to, bucketMs: 600_000 }); console.log('timeseries', (performance.now()-t0).toFixed(0), 'ms');
t0 = performance.now(); const v = db.prepare('SELECT v.id, v.country, v.operator, v.status, v.created_at AS createdAt, v.finished_at AS finishedAt FROM verifications v WHERE v.created_at >= ? AND v.created_at < ?').all(from, to); console.log('verif query', (performance.now()-t0).toFixed(0), 'ms', v.length);
t0 = performance.now(); const a = db.prepare('SELECT a.verification_id AS verificationId, a.provider, a.cost, a.completed FROM attempts a JOIN verifications v ON v.id = a.verification_id WHERE v.created_at >= ? AND v.created_at < ?').all(from, to); console.log('attempt query', (performance.now()-t0).toFixed(0), 'ms', a.length);
t0 = performance.now(); const agg = db.prepare("SELECT country, count(*) n, sum(status='approved') c, sum(status!='pending') f FROM verifications WHERE created_at >= ? AND created_at < ? GROUP BY country").all(from, to); console.log('sql group by', (performance.now()-t0).toFixed(0), 'ms', agg.length);
