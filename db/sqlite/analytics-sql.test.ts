import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { insertRandomFacts } from '../testing/random-analytics-facts.js';
import { expectSameRows } from '../testing/expect-same-rows.js';
import { summarizeVerifications } from '../testing/summarize-verifications.js';
import type { AnalyticsGrouping } from './analytics-sql.js';

const T0 = Date.UTC(2025, 0, 1, 10, 17);
const HOUR = 3_600_000;

let stores: Stores;
let close: () => void;

beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
});
afterEach(() => close());

describe('analytics aggregated by SQLite equal the reference summariser', () => {
  const groupings: [string, AnalyticsGrouping][] = [
    ['country', 'country'],
    ['operator', 'operator'],
    ['provider', 'provider'],
    ['hour', 'hour'],
    ['7-minute buckets', { origin: T0, bucketMs: 7 * 60_000 }],
    ['one bucket (totals)', { origin: T0, bucketMs: 3 * HOUR }],
  ];

  it.each([1, 2, 3, 4, 5])('seed %i: every grouping, all tenants and one', async (seed) => {
    const facts = insertRandomFacts(stores, seed, 400, T0 - 10 * 60_000, 3 * HOUR + 20 * 60_000);
    const from = T0;
    const to = T0 + 3 * HOUR;
    for (const tenantId of [undefined, 't2']) {
      const inRange = facts.verifications.filter(
        (v) => v.createdAt >= from && v.createdAt < to && (tenantId === undefined || v.tenantId === tenantId),
      );
      const ids = new Set(inRange.map((v) => v.id));
      const attempts = facts.attempts.filter((a) => ids.has(a.verificationId));
      for (const [name, grouping] of groupings) {
        const expected = summarizeVerifications(inRange, attempts, grouping);
        const actual =
          typeof grouping === 'object'
            ? await stores.analytics.timeseries({
                from: grouping.origin,
                to,
                bucketMs: grouping.bucketMs,
                ...(tenantId ? { tenantId } : {}),
              })
            : await stores.analytics.summary({ from, to, groupBy: grouping, ...(tenantId ? { tenantId } : {}) });
        expect(actual.length, `${name} ${tenantId ?? 'all'}`).toBeGreaterThan(0);
        expectSameRows(actual, expected);
      }
    }
  });
});
