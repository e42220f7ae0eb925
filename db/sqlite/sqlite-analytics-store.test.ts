import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerificationStatus } from '../../engine/failover/verification-state.js';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { makeAttempt, makeState, makeVerification } from '../testing/record-fixtures.js';

const T0 = Date.UTC(2025, 0, 1, 10);
const HOUR = 3_600_000;
const PHONE_HASH = 'f'.repeat(64);
const PHONE_ENC = Buffer.from('+4915112345678');

let stores: Stores;
let close: () => void;

interface Spec {
  id: string;
  tenantId?: string;
  country: string;
  operator: string;
  status: VerificationStatus;
  createdAt: number;
  ttvMs?: number;
  attempts: [provider: string, cost: number, completed: boolean][];
}

// Known answers are worked out by hand in the tests below.
const SPECS: Spec[] = [
  {
    id: 'v1',
    country: 'DE',
    operator: '262-01',
    status: 'approved',
    createdAt: T0,
    ttvMs: 10_000,
    attempts: [['alpha', 0.05, true]],
  },
  {
    id: 'v2',
    country: 'DE',
    operator: '262-01',
    status: 'approved',
    createdAt: T0 + 1_000,
    ttvMs: 40_000,
    attempts: [
      ['alpha', 0.05, false],
      ['beta', 0.03, true],
    ],
  },
  {
    id: 'v3',
    country: 'DE',
    operator: '262-02',
    status: 'expired',
    createdAt: T0 + 2_000,
    ttvMs: 600_000,
    attempts: [
      ['alpha', 0.05, false],
      ['beta', 0.03, false],
    ],
  },
  {
    id: 'v4',
    country: 'FR',
    operator: '208-01',
    status: 'failed',
    createdAt: T0 + HOUR,
    ttvMs: 5_000,
    attempts: [['alpha', 0.02, false]],
  },
  {
    id: 'v5',
    country: 'FR',
    operator: '208-01',
    status: 'pending',
    createdAt: T0 + HOUR + 5,
    attempts: [['beta', 0.03, false]],
  },
  {
    id: 'v6',
    country: 'FR',
    operator: '208-01',
    status: 'canceled',
    createdAt: T0 + HOUR + 6,
    ttvMs: 1_000,
    attempts: [['alpha', 0.02, false]],
  },
  {
    id: 'v7',
    tenantId: 't2',
    country: 'DE',
    operator: '262-01',
    status: 'approved',
    createdAt: T0 + 500,
    ttvMs: 20_000,
    attempts: [['alpha', 0.05, true]],
  },
  {
    id: 'v8',
    country: 'DE',
    operator: '262-01',
    status: 'approved',
    createdAt: T0 + 2 * HOUR,
    ttvMs: 1,
    attempts: [['alpha', 9, true]],
  },
];

beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
  for (const s of SPECS) {
    const finishedAt = s.ttvMs === undefined ? undefined : s.createdAt + s.ttvMs;
    const state = makeState(s.id, s.createdAt, {
      status: s.status,
      ...(finishedAt === undefined ? {} : { finishedAt }),
    });
    const attempts = s.attempts.map(([provider, cost, completed], i) =>
      makeAttempt(`${s.id}-a${i + 1}`, s.id, {
        seq: i + 1,
        provider,
        cost,
        completed,
        startedAt: s.createdAt,
        status: completed ? 'delivered' : 'timed_out',
      }),
    );
    const v = makeVerification(state, {
      tenantId: s.tenantId ?? 't1',
      country: s.country,
      operator: s.operator,
      phoneHash: PHONE_HASH,
      phoneEnc: PHONE_ENC,
    });
    stores.verifications.insert(v, attempts);
  }
});
afterEach(() => close());

const RANGE = { from: T0, to: T0 + 2 * HOUR };

describe('SqliteAnalyticsStore.summary', () => {
  it('groups by country with known completion, percentiles, fallback, cost and failure share', async () => {
    const [de, fr, ...rest] = await stores.analytics.summary({ ...RANGE, groupBy: 'country' });
    expect(rest).toEqual([]);
    expect(de).toEqual({
      key: 'DE',
      verifications: 4,
      finished: 4,
      completed: 3,
      completionRate: 0.75,
      timeToVerifyMs: { p50: 20_000, p95: 40_000, p99: 40_000 },
      fallbackRate: 0.5,
      attemptsPerVerification: 1.5,
      costPerCompleted: expect.closeTo(0.26 / 3, 12) as number,
      failed: 1,
      failureShare: 0.5,
      firstCreatedAt: T0,
    });
    expect(fr).toEqual({
      key: 'FR',
      verifications: 3,
      finished: 2,
      completed: 0,
      completionRate: 0,
      timeToVerifyMs: { p50: null, p95: null, p99: null },
      fallbackRate: 0,
      attemptsPerVerification: 1,
      costPerCompleted: null,
      failed: 1,
      failureShare: 0.5,
      firstCreatedAt: T0 + HOUR,
    });
  });

  it('groups by provider, crediting completion to the attempt that completed', async () => {
    const [alpha, beta] = await stores.analytics.summary({ ...RANGE, groupBy: 'provider' });
    expect(alpha).toMatchObject({
      key: 'alpha',
      verifications: 6,
      finished: 6,
      completed: 2,
      completionRate: 2 / 6,
      timeToVerifyMs: { p50: 10_000, p95: 20_000, p99: 20_000 },
      fallbackRate: 2 / 6,
      attemptsPerVerification: 1,
      failed: 2,
      failureShare: 1,
    });
    expect(alpha?.costPerCompleted).toBeCloseTo(0.12, 12);
    // v5 (pending, beta 0.03) counts as a verification but not in the rates, attempts or cost.
    expect(beta).toMatchObject({
      key: 'beta',
      verifications: 3,
      finished: 2,
      completed: 1,
      completionRate: 0.5,
      timeToVerifyMs: { p50: 40_000, p95: 40_000, p99: 40_000 },
      fallbackRate: 1,
      attemptsPerVerification: 1,
      failed: 1,
      failureShare: 0.5,
    });
    expect(beta?.costPerCompleted).toBeCloseTo(0.06, 12);
  });

  it('groups by operator and by UTC hour bucket, sorted by key', async () => {
    const ops = await stores.analytics.summary({ ...RANGE, groupBy: 'operator' });
    expect(ops.map((r) => [r.key, r.verifications, r.completed])).toEqual([
      ['208-01', 3, 0],
      ['262-01', 3, 3],
      ['262-02', 1, 0],
    ]);
    const hours = await stores.analytics.summary({ ...RANGE, groupBy: 'hour' });
    expect(hours.map((r) => [r.key, r.verifications])).toEqual([
      ['2025-01-01T10:00:00.000Z', 4],
      ['2025-01-01T11:00:00.000Z', 3],
    ]);
  });

  it('filters by tenant and by [from, to)', async () => {
    const [de] = await stores.analytics.summary({ ...RANGE, groupBy: 'country', tenantId: 't1' });
    expect(de).toMatchObject({
      key: 'DE',
      verifications: 3,
      completed: 2,
      timeToVerifyMs: { p50: 10_000, p95: 40_000, p99: 40_000 },
    });
    expect(
      (await stores.analytics.summary({ from: T0 + 2 * HOUR, to: T0 + 3 * HOUR, groupBy: 'country' })).map(
        (r) => r.verifications,
      ),
    ).toEqual([1]);
    expect(await stores.analytics.summary({ from: T0, to: T0, groupBy: 'country' })).toEqual([]);
  });
});

describe('SqliteAnalyticsStore.iterateDecisions', () => {
  it('pages through every attempt in [from, to) in (start, id) order, ties included', () => {
    const ids = [...stores.analytics.iterateDecisions(RANGE.from, RANGE.to, 2)].map((r) => r.attemptId);
    expect(ids).toEqual(['v1-a1', 'v7-a1', 'v2-a1', 'v2-a2', 'v3-a1', 'v3-a2', 'v4-a1', 'v5-a1', 'v6-a1']);
    expect([...stores.analytics.iterateDecisions(RANGE.from, RANGE.to, 1)].map((r) => r.attemptId)).toEqual(ids);
    expect([...stores.analytics.iterateDecisions(RANGE.from, RANGE.to)].map((r) => r.attemptId)).toEqual(ids);
  });

  it('carries decision and outcome fields', () => {
    const [first] = stores.analytics.iterateDecisions(RANGE.from, RANGE.to);
    expect(first).toMatchObject({
      attemptId: 'v1-a1',
      verificationId: 'v1',
      provider: 'alpha',
      propensity: 0.7,
      policyKind: 'discounted-ts',
      policyVersion: 'dts-1',
      rewardVersion: '1',
      windowMs: 600_000,
      completed: true,
      settled: false,
      cost: 0.05,
      status: 'delivered',
      decision: { probabilities: { 'sim-alpha': 0.7, 'sim-beta': 0.3 } },
    });
  });

  it('contains no phone number, phone hash or code hash', () => {
    const rows = [...stores.analytics.iterateDecisions(RANGE.from, RANGE.to)];
    const text = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(text).not.toContain(PHONE_HASH);
    expect(text).not.toContain('4915112345678');
    expect(text).not.toMatch(/k1:0{64}/);
    for (const row of rows) expect(Object.keys(row).filter((k) => /phone|code/i.test(k))).toEqual([]);
  });

  it('lets other queries run between pages', () => {
    const it = stores.analytics.iterateDecisions(RANGE.from, RANGE.to, 2);
    it.next();
    expect(stores.phoneFailures.increment('h', 1, 0)).toBe(1);
    expect([...it]).toHaveLength(8);
  });
});
