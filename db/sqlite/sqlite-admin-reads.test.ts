import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { makeAttempt, makeHistoryPoint, makeState, makeVerification } from '../testing/record-fixtures.js';

const T0 = Date.UTC(2025, 0, 1, 10);
const MIN = 60_000;

let stores: Stores;
let close: () => void;

beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
  // v1 approved after 20 s in minute 0 (one attempt); v2 approved after 50 s in minute 0 (two attempts);
  // v3 expired in minute 2 (one attempt, t2); v4 pending in minute 2.
  const specs = [
    {
      id: 'v1',
      at: T0,
      status: 'approved' as const,
      ttv: 20_000,
      attempts: [['alpha', 0.04, true]] as const,
      tenantId: 't1',
    },
    {
      id: 'v2',
      at: T0 + 10_000,
      status: 'approved' as const,
      ttv: 50_000,
      attempts: [
        ['alpha', 0.04, false],
        ['beta', 0.02, true],
      ] as const,
      tenantId: 't1',
    },
    {
      id: 'v3',
      at: T0 + 2 * MIN,
      status: 'expired' as const,
      ttv: 300_000,
      attempts: [['beta', 0.02, false]] as const,
      tenantId: 't2',
    },
    {
      id: 'v4',
      at: T0 + 2 * MIN + 1,
      status: 'pending' as const,
      ttv: undefined,
      attempts: [['alpha', 0.04, false]] as const,
      tenantId: 't1',
    },
  ];
  for (const s of specs) {
    const state = makeState(s.id, s.at, {
      status: s.status,
      ...(s.ttv === undefined ? {} : { finishedAt: s.at + s.ttv }),
    });
    const attempts = s.attempts.map(([provider, cost, completed], i) =>
      makeAttempt(`${s.id}-a${i + 1}`, s.id, {
        seq: i + 1,
        provider,
        cost,
        completed,
        startedAt: s.at + i,
        status: completed ? 'delivered' : 'timed_out',
      }),
    );
    stores.verifications.insert(makeVerification(state, { tenantId: s.tenantId }), attempts);
  }
});
afterEach(() => close());

describe('VerificationStore admin reads', () => {
  it('finds one attempt by id, undefined when unknown', () => {
    expect(stores.verifications.findAttempt('v2-a2')).toMatchObject({
      id: 'v2-a2',
      verificationId: 'v2',
      seq: 2,
      provider: 'beta',
      completed: true,
    });
    expect(stores.verifications.findAttempt('nope')).toBeUndefined();
  });

  it('lists the most recent verifications newest first, bounded by limit', () => {
    expect(stores.verifications.listRecent(3).map((v) => v.state.id)).toEqual(['v4', 'v3', 'v2']);
    expect(stores.verifications.listRecent(100)).toHaveLength(4);
  });

  it.each([0, -1, 1.5])('rejects limit %s with a RangeError', (limit) => {
    expect(() => stores.verifications.listRecent(limit)).toThrow(
      new RangeError(`limit must be an integer >= 1, got ${limit}`),
    );
  });
});

describe('AnalyticsStore.timeseries', () => {
  it('buckets from the range start, only buckets with verifications, with known numbers', async () => {
    const rows = await stores.analytics.timeseries({ from: T0, to: T0 + 3 * MIN, bucketMs: MIN });
    expect(rows.map((r) => r.key)).toEqual([new Date(T0).toISOString(), new Date(T0 + 2 * MIN).toISOString()]);
    expect(rows[0]).toMatchObject({
      verifications: 2,
      finished: 2,
      completed: 2,
      completionRate: 1,
      timeToVerifyMs: { p50: 20_000, p95: 50_000, p99: 50_000 },
      fallbackRate: 0.5,
      attemptsPerVerification: 1.5,
    });
    expect(rows[0]?.costPerCompleted).toBeCloseTo(0.05, 12);
    expect(rows[1]).toMatchObject({
      verifications: 2,
      finished: 1,
      completed: 0,
      completionRate: 0,
      failed: 1,
      failureShare: 1,
    });
  });

  it('one bucket spanning the range gives the totals, and a tenant filter narrows it', async () => {
    const [all, ...rest] = await stores.analytics.timeseries({ from: T0, to: T0 + 3 * MIN, bucketMs: 3 * MIN });
    expect(rest).toEqual([]);
    expect(all).toMatchObject({ verifications: 4, finished: 3, completed: 2 });
    const [t2] = await stores.analytics.timeseries({ from: T0, to: T0 + 3 * MIN, bucketMs: 3 * MIN, tenantId: 't2' });
    expect(t2).toMatchObject({ verifications: 1, completed: 0 });
  });

  it.each([0, 2.5, -60_000])('rejects bucketMs %s with a RangeError', async (bucketMs) => {
    await expect(stores.analytics.timeseries({ from: T0, to: T0 + MIN, bucketMs })).rejects.toThrow(RangeError);
  });
});

describe('AnalyticsStore.latestDecisions', () => {
  it('returns the latest attempts of the range in time order, with tenant and no phone fields', () => {
    const rows = stores.analytics.latestDecisions(T0, T0 + 3 * MIN, 3);
    expect(rows.map((r) => r.attemptId)).toEqual(['v2-a2', 'v3-a1', 'v4-a1']);
    expect(rows.map((r) => r.tenantId)).toEqual(['t1', 't2', 't1']);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/phone|codeHash|code_hash/i);
  });

  it('respects the range and rejects a bad limit', () => {
    expect(stores.analytics.latestDecisions(T0 + MIN, T0 + 3 * MIN, 100).map((r) => r.attemptId)).toEqual([
      'v3-a1',
      'v4-a1',
    ]);
    expect(() => stores.analytics.latestDecisions(T0, T0 + MIN, 0)).toThrow(RangeError);
  });
});

describe('Stores.ping', () => {
  it('answers while open and throws once the database is closed', () => {
    expect(() => stores.ping()).not.toThrow();
    close();
    expect(() => stores.ping()).toThrow();
  });
});

describe('SnapshotStore.querySampledHistory', () => {
  const point = (at: number, provider: string) => makeHistoryPoint(at, provider);

  beforeEach(() => {
    stores.snapshots.insertHistory(
      Array.from({ length: 10 }, (_, i) => [point(T0 + i * 1000, 'alpha'), point(T0 + i * 1000, 'beta')]).flat(),
    );
  });

  it('returns everything when the snapshots fit', () => {
    const r = stores.snapshots.querySampledHistory('DE:262-01:standard', T0, T0 + 10_000, 10);
    expect(r.downsampled).toBe(false);
    expect(r.points).toHaveLength(20);
  });

  it('keeps evenly spread snapshot times, first and last included, with every provider', () => {
    const r = stores.snapshots.querySampledHistory('DE:262-01:standard', T0, T0 + 10_000, 4);
    expect(r.downsampled).toBe(true);
    // 10 times, 4 kept: indices round(i * 3) = 0, 3, 6, 9.
    expect([...new Set(r.points.map((p) => p.at - T0))]).toEqual([0, 3000, 6000, 9000]);
    expect(r.points.map((p) => p.provider)).toEqual([
      'alpha',
      'beta',
      'alpha',
      'beta',
      'alpha',
      'beta',
      'alpha',
      'beta',
    ]);
    expect(stores.snapshots.querySampledHistory('other', T0, T0 + 10_000, 4)).toEqual({
      points: [],
      downsampled: false,
    });
  });

  it.each([1, 0, 2.5])('rejects maxSnapshots %s with a RangeError', (max) => {
    expect(() => stores.snapshots.querySampledHistory('x', 0, 1, max)).toThrow(RangeError);
  });
});
