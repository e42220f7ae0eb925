import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../open-database.js';
import { expectSameRows } from '../testing/expect-same-rows.js';
import { insertRandomFacts } from '../testing/random-analytics-facts.js';
import { summarizeVerifications } from '../testing/summarize-verifications.js';
import { AnalyticsBusyError } from '../stores/analytics-store.js';
import { AnalyticsWorker } from './analytics-worker-runner.js';
import { createSqliteStores } from './create-sqlite-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'analytics-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2025, 0, 1, 10);
const HOUR = 3_600_000;

describe('analytics on a worker thread (file database)', () => {
  it('answers what the reference computes, from its own connection, and survives close and restart', async () => {
    const database = openDatabase(join(dir, 'a.db'));
    const stores = createSqliteStores(database.sqlite);
    stores.tenants.insert({ id: 't1', name: 'one', allowedCountries: null, createdAt: 0 });
    stores.tenants.insert({ id: 't2', name: 'two', allowedCountries: null, createdAt: 0 });
    const facts = stores.transaction(() => insertRandomFacts(stores, 9, 1_500, T0, 2 * HOUR));
    await stores.committed();
    const range = { from: T0, to: T0 + 2 * HOUR };
    try {
      const expected = summarizeVerifications(facts.verifications, facts.attempts, 'provider');
      expectSameRows(await stores.analytics.summary({ ...range, groupBy: 'provider' }), expected);
      // A closed store starts its worker again on the next call.
      await stores.analytics.close();
      const buckets = { origin: T0, bucketMs: 600_000 };
      expectSameRows(
        await stores.analytics.timeseries({ ...range, bucketMs: buckets.bucketMs }),
        summarizeVerifications(facts.verifications, facts.attempts, buckets),
      );
    } finally {
      await stores.analytics.close();
      database.close();
    }
  });

  it('refuses a query beyond its queue bound instead of queueing without limit', async () => {
    const database = openDatabase(join(dir, 'c.db'));
    const worker = new AnalyticsWorker(join(dir, 'c.db'), 2);
    const slow =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) AS n FROM c';
    try {
      const first = worker.run([slow], {});
      const second = worker.run([slow], {});
      await expect(worker.run([slow], {})).rejects.toThrow(AnalyticsBusyError);
      expect(await first).toEqual([[{ n: 300_000 }]]);
      expect(await second).toEqual([[{ n: 300_000 }]]);
      expect(await worker.run(['SELECT 1 AS one'], {})).toEqual([[{ one: 1 }]]);
    } finally {
      await worker.close();
      database.close();
    }
  });

  it('rejects what was in flight when the worker goes away, and reports SQL errors as rejections', async () => {
    const database = openDatabase(join(dir, 'b.db'));
    const worker = new AnalyticsWorker(join(dir, 'b.db'));
    try {
      expect(await worker.run(['SELECT count(*) AS n FROM verifications'], {})).toEqual([[{ n: 0 }]]);
      await expect(worker.run(['SELECT nope FROM verifications'], {})).rejects.toThrow('no such column: nope');
      const inFlight = worker.run(
        ['WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c'],
        {},
      );
      await worker.close();
      await expect(inFlight).rejects.toThrow('analytics worker closed');
      expect(await worker.run(['SELECT 1 AS one'], {})).toEqual([[{ one: 1 }]]);
    } finally {
      await worker.close();
      database.close();
    }
  });
});
