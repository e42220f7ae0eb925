import { describe, expect, it } from 'vitest';
import { bootstrapIntervals } from './bootstrap.js';
import { effectiveSampleSize, estimateAll, maxWeight } from './estimators.js';

const terms = {
  reward: Float64Array.from([1, 0, 1, 0.5]),
  weight: Float64Array.from([2, 0, 4, 1]),
  modelAtLogged: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
  modelUnderTarget: Float64Array.from([0.6, 0.2, 0.4, 0.8]),
};

describe('estimateAll', () => {
  it('computes each estimator exactly on a small case', () => {
    // IPS clip 3: (2*1 + 0 + 3*1 + 1*0.5) / 4; SNIPS: (2 + 4 + 0.5) / 7; DM: mean of model terms;
    // DR: DM + (2*0.5 + 0 + 3*0.5 + 1*0) / 4.
    expect(estimateAll(terms, 3)).toEqual({ ips: 5.5 / 4, snips: 6.5 / 7, dm: 2 / 4, dr: 2 / 4 + 2.5 / 4 });
  });

  it('uses the resample indices, repeated ones counted twice', () => {
    const r = estimateAll(terms, 100, [2, 2, 3]);
    expect(r.ips).toBeCloseTo((4 + 4 + 0.5) / 3, 12);
    expect(r.dm).toBeCloseTo((0.4 + 0.4 + 0.8) / 3, 12);
  });

  it('gives NaN for SNIPS when the target never picks a logged action', () => {
    expect(estimateAll({ ...terms, weight: new Float64Array(4) }, 100).snips).toBeNaN();
  });
});

describe('weight diagnostics', () => {
  it.each([
    [[1, 1, 1, 1], Infinity, 4],
    [[2, 0, 4, 1], Infinity, 49 / 21],
    [[2, 0, 4, 1], 2, 25 / 9],
    [[0, 0], Infinity, 0],
  ])('ESS of %j clipped at %s is %s', (w, clip, ess) => {
    expect(effectiveSampleSize(w, clip)).toBeCloseTo(ess, 12);
  });

  it('reports the largest weight after clipping', () => {
    expect(maxWeight([2, 0, 4, 1])).toBe(4);
    expect(maxWeight([2, 0, 4, 1], 3)).toBe(3);
  });
});

describe('bootstrapIntervals', () => {
  const mean = (idx: Uint32Array) => ({ m: Array.from(idx).reduce((a, i) => a + i, 0) / idx.length });

  it('is reproducible for a seed and brackets the sample mean', () => {
    const a = bootstrapIntervals(100, mean, { seed: 3, resamples: 100 });
    expect(bootstrapIntervals(100, mean, { seed: 3, resamples: 100 })).toEqual(a);
    expect(bootstrapIntervals(100, mean, { seed: 4, resamples: 100 })).not.toEqual(a);
    expect(a.m.lower).toBeLessThan(49.5);
    expect(a.m.upper).toBeGreaterThan(49.5);
    // Standard error of the mean of 0..99 is ~2.9, so the 95% interval is ~ +-5.7.
    expect(a.m.upper - a.m.lower).toBeGreaterThan(8);
    expect(a.m.upper - a.m.lower).toBeLessThan(15);
  });
});
