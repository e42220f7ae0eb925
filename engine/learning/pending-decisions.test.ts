import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, RequestContext } from '../types.js';
import { DEFAULT_PENDING_DECISIONS_CAP, PendingDecisions, type PendingDecision } from './pending-decisions.js';

const ctx: RequestContext = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 300_000,
  at: 1_000,
};
const decision = (decidedAt: number, expiresAt: number, provider = 'p1'): PendingDecision => ({
  ctx,
  provider,
  decidedAt,
  expiresAt,
});
const delivered: AttemptOutcome = {
  accepted: true,
  delivered: true,
  completed: true,
  latencyMs: 4_000,
  cost: 0.05,
  windowMs: 300_000,
  country: 'DE',
};
const unreported = (latencyMs: number): AttemptOutcome => ({
  accepted: false,
  delivered: false,
  completed: false,
  latencyMs,
  cost: 0,
  windowMs: 300_000,
  country: 'DE',
});

describe('PendingDecisions', () => {
  it('settles a registered decision exactly once', () => {
    const ledger = new PendingDecisions();
    expect(ledger.register('a1', decision(1_000, 301_000))).toEqual([]);
    expect(ledger.size).toBe(1);
    expect(ledger.settle('a1', delivered, 5_000)).toEqual({
      attemptId: 'a1',
      ctx,
      provider: 'p1',
      outcome: delivered,
      at: 5_000,
    });
    expect(ledger.settle('a1', delivered, 6_000)).toBeUndefined();
    expect(ledger.settle('never', delivered, 6_000)).toBeUndefined();
    expect(ledger.size).toBe(0);
  });

  it('ignores a second registration of a pending id', () => {
    const ledger = new PendingDecisions();
    ledger.register('a1', decision(1_000, 301_000, 'p1'));
    expect(ledger.register('a1', decision(2_000, 302_000, 'p2'))).toEqual([]);
    expect(ledger.settle('a1', delivered, 3_000)?.provider).toBe('p1');
  });

  it('expires everything due, ordered by expiry then id, as not completed', () => {
    const ledger = new PendingDecisions();
    ledger.register('b', decision(1_000, 10_000));
    ledger.register('a', decision(2_000, 10_000));
    ledger.register('c', decision(0, 5_000));
    ledger.register('d', decision(0, 20_000));
    const expired = ledger.expire(10_000);
    expect(expired.map((s) => s.attemptId)).toEqual(['c', 'a', 'b']);
    expect(expired[0]).toEqual({ attemptId: 'c', ctx, provider: 'p1', outcome: unreported(10_000), at: 10_000 });
    expect(expired[1]?.outcome.latencyMs).toBe(8_000);
    expect(ledger.expire(10_000)).toEqual([]);
    expect(ledger.settle('b', delivered, 11_000)).toBeUndefined();
    expect(ledger.has('d')).toBe(true);
  });

  it('evicts the entry expiring first (ties: lowest id) when full, settling it', () => {
    const ledger = new PendingDecisions({ maxSize: 2 });
    ledger.register('y', decision(0, 50_000));
    ledger.register('x', decision(0, 50_000));
    const evicted = ledger.register('z', decision(7_000, 9_000));
    expect(evicted).toEqual([{ attemptId: 'x', ctx, provider: 'p1', outcome: unreported(7_000), at: 7_000 }]);
    expect(ledger.size).toBe(2);
    expect([ledger.has('y'), ledger.has('z')]).toEqual([true, true]);
  });

  it('round-trips through JSON and keeps exactly-once across a restart', () => {
    const before = new PendingDecisions();
    before.register('a1', decision(1_000, 301_000));
    before.register('a2', decision(2_000, 302_000, 'p2'));
    before.settle('a1', delivered, 3_000);
    const json = JSON.parse(JSON.stringify(before.snapshot()));
    const after = new PendingDecisions();
    expect(after.restore(json, 4_000)).toEqual([]);
    expect(after.size).toBe(1);
    expect(after.settle('a1', delivered, 5_000)).toBeUndefined();
    expect(after.settle('a2', delivered, 5_000)).toMatchObject({ provider: 'p2', ctx });
    expect(after.snapshot()).toEqual({ kind: 'pending-decisions', version: '1', state: { entries: [] } });
  });

  it('evicts on restore into a smaller ledger', () => {
    const big = new PendingDecisions();
    big.register('a', decision(0, 3_000));
    big.register('b', decision(0, 1_000));
    big.register('c', decision(0, 2_000));
    const small = new PendingDecisions({ maxSize: 1 });
    expect(small.restore(big.snapshot(), 500).map((s) => s.attemptId)).toEqual(['b', 'c']);
    expect(small.has('a')).toBe(true);
  });

  it('does not alias the registered decision', () => {
    const ledger = new PendingDecisions();
    const d = { ...decision(0, 1_000) };
    ledger.register('a', d);
    d.expiresAt = 0;
    expect(ledger.expire(500)).toEqual([]);
  });

  it('defaults the cap', () => {
    expect(new PendingDecisions().maxSize).toBe(DEFAULT_PENDING_DECISIONS_CAP);
  });

  it.each([0, -1, 1.5, 10_000_001, Number.NaN])('rejects maxSize %d', (maxSize) => {
    expect(() => new PendingDecisions({ maxSize })).toThrow(RangeError);
    expect(() => new PendingDecisions({ maxSize })).toThrow('maxSize must be an integer in [1, 10000000]');
  });

  it.each([
    ['', decision(0, 1), TypeError, 'attemptId must be a non-empty string'],
    ['a', { ...decision(0, 1), provider: '' }, TypeError, 'provider must be a non-empty string'],
    ['a', { ...decision(0, 1), ctx: null as unknown as RequestContext }, TypeError, 'ctx must be a request context'],
    ['a', decision(Number.NaN, 1), TypeError, 'decidedAt must be finite'],
    ['a', decision(10, 5), RangeError, 'expiresAt must be finite and >= decidedAt, got 5'],
  ] as [string, PendingDecision, ErrorConstructor, string][])('rejects register(%j, ...)', (id, d, type, message) => {
    const ledger = new PendingDecisions();
    expect(() => ledger.register(id, d)).toThrow(type);
    expect(() => ledger.register(id, d)).toThrow(message);
  });

  it.each([
    [{ kind: 'discounted-ts', version: '1', state: {} }, 'expected a pending-decisions v1 snapshot'],
    [{ kind: 'pending-decisions', version: '2', state: { entries: [] } }, 'expected a pending-decisions v1 snapshot'],
    [{ kind: 'pending-decisions', version: '1', state: null }, 'snapshot.state.entries must be an array'],
    [{ kind: 'pending-decisions', version: '1', state: { entries: [['a']] } }, 'each snapshot entry must be'],
    [{ kind: 'pending-decisions', version: '1', state: { entries: [['a', { provider: 'p' }]] } }, 'ctx must be'],
  ])('rejects a malformed snapshot %#', (snapshot, message) => {
    const ledger = new PendingDecisions();
    ledger.register('keep', decision(0, 1_000));
    expect(() => ledger.restore(snapshot, 0)).toThrow(TypeError);
    expect(() => ledger.restore(snapshot, 0)).toThrow(message);
    expect(ledger.has('keep')).toBe(true);
  });
});
