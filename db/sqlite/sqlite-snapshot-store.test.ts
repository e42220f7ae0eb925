import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingHistoryPoint } from '../stores/snapshot-store.js';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';

let stores: Stores;
let close: () => void;
beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
});
afterEach(() => close());

const point = (at: number, provider: string, segment = 'DE|262-01|standard'): RoutingHistoryPoint => ({
  at,
  segment,
  provider,
  probability: 0.5,
  mean: 0.6,
  lower: 0.5,
  upper: 0.7,
  n: 12.5,
  completionRate: 0.8,
  latencyP50Ms: 4_000,
  latencyP90Ms: 9_000,
  timeoutRate: null,
  cost: 0.04,
  breaker: 'closed',
});

describe('SqliteSnapshotStore', () => {
  it('returns the latest snapshot and prunes old ones', () => {
    expect(stores.snapshots.latestSnapshot()).toBeUndefined();
    const s = (at: number) => ({
      at,
      policyKind: 'discounted-ts' as const,
      policyVersion: 'v',
      state: { at },
      health: { h: [at] },
    });
    stores.snapshots.saveSnapshot(s(30));
    stores.snapshots.saveSnapshot(s(10));
    stores.snapshots.saveSnapshot(s(20));
    expect(stores.snapshots.latestSnapshot()).toEqual(s(30));
    expect(stores.snapshots.pruneSnapshots(2)).toBe(1);
    expect(stores.snapshots.pruneSnapshots(2)).toBe(0);
    expect(stores.snapshots.latestSnapshot()).toEqual(s(30));
    expect(() => stores.snapshots.pruneSnapshots(0)).toThrow(RangeError);
  });

  it('keeps the engine state beside the policy and health, and reads rows without one as absent', () => {
    const base = { at: 5, policyKind: 'discounted-ts' as const, policyVersion: 'v', state: {}, health: {} };
    stores.snapshots.saveSnapshot(base);
    expect(stores.snapshots.latestSnapshot()).toEqual(base);
    expect(stores.snapshots.latestSnapshot()).not.toHaveProperty('engine');
    const withEngine = { ...base, at: 6, engine: { kind: 'routing-engine', state: { completion: null } } };
    stores.snapshots.saveSnapshot(withEngine);
    expect(stores.snapshots.latestSnapshot()).toEqual(withEngine);
  });

  it('inserts history in batch and queries one segment over [from, to) by time then provider', () => {
    stores.snapshots.insertHistory([
      point(100, 'b'),
      point(100, 'a'),
      point(200, 'a'),
      point(300, 'a'),
      point(150, 'a', 'FR|unknown|premium'),
    ]);
    expect(stores.snapshots.queryHistory('DE|262-01|standard', 100, 300).map((p) => [p.at, p.provider])).toEqual([
      [100, 'a'],
      [100, 'b'],
      [200, 'a'],
    ]);
    expect(stores.snapshots.queryHistory('DE|262-01|standard', 300, 301)).toEqual([point(300, 'a')]);
  });

  it('stores coefficient vectors and queries one segment over [from, to) by time then provider', () => {
    const c = (at: number, provider: string, segment = 'DE|262-01|standard') => ({
      at,
      segment,
      provider,
      values: { bias: at / 100, 'hour.sin': -0.25 },
    });
    stores.snapshots.insertCoefficients([
      c(200, 'a'),
      c(100, 'b'),
      c(100, 'a'),
      c(300, 'a'),
      c(150, 'a', 'FR|unknown|premium'),
    ]);
    expect(stores.snapshots.queryCoefficients('DE|262-01|standard', 100, 300)).toEqual([
      c(100, 'a'),
      c(100, 'b'),
      c(200, 'a'),
    ]);
    expect(stores.snapshots.queryCoefficients('FR|unknown|premium', 0, 1_000)).toEqual([
      c(150, 'a', 'FR|unknown|premium'),
    ]);
    expect(stores.snapshots.queryCoefficients('DE|262-01|standard', 300, 300)).toEqual([]);
  });

  it('stores timeline events and filters by segment', () => {
    const e1 = { at: 10, kind: 'breaker' as const, segment: 'S1', provider: 'a', detail: { to: 'open' } };
    const e2 = {
      at: 20,
      kind: 'config' as const,
      segment: null,
      provider: null,
      detail: { kind: 'reward', version: '2' },
    };
    stores.snapshots.insertEvent(e2);
    stores.snapshots.insertEvent(e1);
    expect(stores.snapshots.queryEvents(0, 100)).toEqual([e1, e2]);
    expect(stores.snapshots.queryEvents(0, 100, 'S1')).toEqual([e1]);
    expect(stores.snapshots.queryEvents(0, 20)).toEqual([e1]);
  });
});
