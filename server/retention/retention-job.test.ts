import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../db/open-database.js';
import type { Stores } from '../../db/stores/stores.js';
import { openTestStores } from '../../db/testing/open-test-stores.js';
import { makeAttempt, makeState, makeVerification } from '../../db/testing/record-fixtures.js';
import { purgeExpiredData, startRetentionJob } from './retention-job.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

let stores: Stores;
let database: OpenedDatabase;
beforeEach(() => {
  ({ stores, database } = openTestStores());
});
afterEach(() => database.close());

function seed(n: number, at: number): void {
  for (let i = 0; i < n; i++) {
    const id = `v${at}-${i}`;
    stores.verifications.insert(makeVerification(makeState(id, at + i, { status: 'expired' })), [
      makeAttempt(`${id}-a`, id, { startedAt: at + i }),
    ]);
  }
}
const left = () => (database.sqlite.prepare('SELECT count(*) AS n FROM verifications').get() as { n: number }).n;

describe('purgeExpiredData', () => {
  it('deletes in batches until nothing older than the period is left, and stops at its batch limit', async () => {
    seed(7, NOW - 40 * DAY);
    seed(2, NOW - DAY);
    const capped = await purgeExpiredData(stores, NOW, 30, { batch: 2, maxBatches: 2 });
    expect(capped).toMatchObject({ batches: 2, more: true, deleted: { verifications: 4, attempts: 4 } });
    const rest = await purgeExpiredData(stores, NOW, 30, { batch: 2 });
    expect(rest).toMatchObject({ batches: 2, more: false, deleted: { verifications: 3, attempts: 3 } });
    expect(left()).toBe(2);
  });

  it('refuses a period under a day', async () => {
    await expect(purgeExpiredData(stores, NOW, 0)).rejects.toThrow(/retentionDays must be an integer >= 1/);
  });
});

describe('startRetentionJob', () => {
  it('runs one purge at a time, reports deleted rows per table and logs the run', async () => {
    seed(3, NOW - 40 * DAY);
    const logged: [string, object | undefined][] = [];
    const counted: Record<string, number> = {};
    const job = startRetentionJob({
      stores,
      clock: () => NOW,
      retentionDays: 30,
      logger: { info: (m, f) => void logged.push([m, f]), error: (m, f) => void logged.push([m, f]) },
      onDeleted: (table, rows) => void (counted[table] = (counted[table] ?? 0) + rows),
      everyMs: 3_600_000,
    });
    try {
      const [a, b] = [job.runOnce(), job.runOnce()];
      expect(a).toBe(b);
      expect((await a)?.deleted.verifications).toBe(3);
      expect(counted).toEqual({ verifications: 3, attempts: 3 });
      expect(logged).toEqual([
        ['retention purge', expect.objectContaining({ olderThanDays: 30, verifications: 3, more: false })],
      ]);
      // A run that deletes nothing logs nothing.
      await job.runOnce();
      expect(logged).toHaveLength(1);
    } finally {
      await job.stop();
    }
    expect(await job.runOnce()).toBeUndefined();
  });
});
