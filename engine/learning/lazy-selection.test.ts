import { describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { RequestContext } from '../types.js';
import type * as bestArm from './beta-best-arm.js';
import { probabilityBest } from './beta-best-arm.js';
import { createDiscountedTsPolicy, discountedTsConfig } from './discounted-ts.js';
import { lazySelection } from './lazy-selection.js';
import { makeSelection } from './make-selection.js';

// Counts the quadrature runs of the policy under test; the function itself is the real one.
vi.mock('./beta-best-arm.js', async (importOriginal) => {
  const real = await importOriginal<typeof bestArm>();
  return { ...real, probabilityBest: vi.fn(real.probabilityBest) };
});
const quadratures = (): number => vi.mocked(probabilityBest).mock.calls.length;

const ctx: RequestContext = Object.freeze({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 60_000,
  at: 0,
});

describe('lazySelection', () => {
  const vector = Float64Array.from([0.2, 0.5, 0.3]);
  const build = () => {
    let calls = 0;
    const selection = lazySelection('discounted-ts', 'v1', ['a', 'b', 'c'], 1, [0.4, 0.6, 0.5], {
      get probabilities() {
        calls++;
        return vector;
      },
    });
    return { selection, calls: () => calls };
  };

  it('computes the vector on the first read of either field, once', () => {
    const { selection, calls } = build();
    expect(selection).toMatchObject({ provider: 'b', scores: { a: 0.4, b: 0.6, c: 0.5 }, policy: 'discounted-ts' });
    expect(calls()).toBe(0);
    expect(selection.propensity).toBe(0.5);
    expect(selection.propensity).toBe(selection.probabilities[selection.provider]);
    expect(selection.probabilities).toBe(selection.probabilities);
    expect(calls()).toBe(1);
  });

  it('serialises and spreads like the eager selection of makeSelection', () => {
    const eager = makeSelection('discounted-ts', 'v1', ['a', 'b', 'c'], vector, [0.4, 0.6, 0.5], 0.5);
    expect(eager.provider).toBe('b');
    const { selection, calls } = build();
    expect(JSON.stringify(selection)).toBe(JSON.stringify(eager));
    expect(JSON.parse(JSON.stringify(build().selection))).toMatchObject({ propensity: 0.5, probabilities: { b: 0.5 } });
    expect({ ...selection }).toEqual(eager);
    expect(Object.keys(selection)).toEqual(Object.keys(eager));
    expect(calls()).toBe(1);
  });
});

describe('discounted-ts selections are lazy', () => {
  it('runs the quadrature only when a propensity is read, once per cached shapes', () => {
    const p = createDiscountedTsPolicy(discountedTsConfig(), { now: () => 0, random: mulberry32(1) });
    for (let t = 0; t < 30; t++)
      p.update({ ctx, provider: t % 2 === 0 ? 'a' : 'b', reward: t % 3 === 0 ? 0 : 1, at: t });
    const before = quadratures();
    const unread = Array.from({ length: 50 }, () => p.select(ctx, ['a', 'b', 'c']));
    expect(quadratures()).toBe(before);
    const read = p.select(ctx, ['a', 'b', 'c']);
    expect(read.propensity).toBe(read.probabilities[read.provider]);
    expect(quadratures()).toBe(before + 1);
    // the other selections of the same shapes share the vector
    for (const s of unread) expect(s.probabilities).toEqual(read.probabilities);
    expect(JSON.stringify(unread[0])).toContain('"propensity":');
    expect(JSON.stringify(unread[0])).toContain('"probabilities":{"a":');
    expect(quadratures()).toBe(before + 1);
  });

  it('a selection keeps the law it was drawn from after the cache is refreshed', () => {
    const p = createDiscountedTsPolicy(discountedTsConfig({ refreshFraction: 0 }), {
      now: () => 0,
      random: mulberry32(2),
    });
    const old = p.select(ctx, ['a', 'b']);
    for (let t = 0; t < 20; t++) p.update({ ctx, provider: 'a', reward: 1, at: t });
    const fresh = p.select(ctx, ['a', 'b']);
    expect(fresh.probabilities.a).toBeGreaterThan(0.9);
    expect(old.probabilities).toEqual({ a: 0.5, b: 0.5 });
  });
});
