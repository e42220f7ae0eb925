import { describe, expect, it } from 'vitest';
import { DEFAULT_DECAYED_HISTOGRAM, DecayedHistogram, validateDecayedHistogramConfig } from './decayed-histogram.js';

const H = 60_000;

describe('DecayedHistogram', () => {
  it('halves the weight of a sample every half-life', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    h.add(1_000, 0);
    expect(h.weight(0)).toBeCloseTo(1, 12);
    expect(h.weight(H)).toBeCloseTo(0.5, 12);
    expect(h.weight(2 * H)).toBeCloseTo(0.25, 12);
  });

  it('weighs an out-of-order sample by its age instead of moving time back', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    h.add(1_000, H);
    h.add(1_000, 0);
    expect(h.weight(H)).toBeCloseTo(1.5, 12);
  });

  it('answers hasWeight exactly as weight(at) >= min, before and after further samples', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    for (let i = 0; i < 4; i++) h.add(2_000, 0);
    const times = [-H, 0, H / 2, 0.41 * H, 0.42 * H, H, 3 * H];
    const check = () => {
      for (const at of times) for (const min of [1, 3, 4, 5]) expect(h.hasWeight(min, at)).toBe(h.weight(at) >= min);
    };
    check();
    h.add(2_000, H);
    check();
    expect(new DecayedHistogram().hasWeight(1e-9, 0)).toBe(false);
  });

  it('keeps weights and quantiles right across a long run (the forward-decay landmark moves)', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    for (let t = 0; t <= 300 * H; t += H / 4) h.add(t < 299 * H ? 1_000 : 20_000, t);
    // Samples 1/4 half-life apart: the total converges to 1 / (1 - 2^(-1/4)).
    expect(h.weight(300 * H)).toBeCloseTo(1 / (1 - 2 ** -0.25), 9);
    expect(h.quantile(0.5)!).toBeGreaterThan(15_000);
    const r = DecayedHistogram.restore(JSON.parse(JSON.stringify(h.snapshot())));
    expect(r.weight(301 * H)).toBeCloseTo(h.weight(301 * H), 12);
    expect(r.quantile(0.9)).toBe(h.quantile(0.9));
  });

  it('answers bit for bit like a restored copy after every sample, also across landmark moves', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    for (let i = 0; i < 120; i++) {
      h.add(500 + ((i * 7_919) % 60_000), i * 2 * H);
      const copy = DecayedHistogram.restore(h.snapshot());
      for (const q of [0.5, 0.9]) expect(h.quantile(q)).toBe(copy.quantile(q));
      expect([h.hasWeight(1.5, i * 2 * H), h.weight(i * 2 * H)]).toEqual([
        copy.hasWeight(1.5, i * 2 * H),
        copy.weight(i * 2 * H),
      ]);
    }
  });

  it('keeps a validated config as given', () => {
    const config = validateDecayedHistogramConfig({ ...DEFAULT_DECAYED_HISTOGRAM, halfLifeMs: H });
    expect(new DecayedHistogram(config).config).toBe(config);
    expect(new DecayedHistogram({ halfLifeMs: H }).config).toEqual(config);
  });

  it('is empty (undefined quantiles, zero weight) before any sample', () => {
    const h = new DecayedHistogram();
    expect(h.quantile(0.5)).toBeUndefined();
    expect(h.weight(123)).toBe(0);
  });

  it.each([
    [0.5, 5_000],
    [0.9, 9_000],
    [0.95, 9_500],
  ])('estimates the %s-quantile of 100..10 000 ms in steps of 100 within one bucket (~16 %%)', (q, truth) => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    for (let i = 1; i <= 100; i++) h.add(i * 100, 0);
    const got = h.quantile(q, 0)!;
    expect(Math.abs(got - truth) / truth).toBeLessThan(0.08);
  });

  it('puts a single repeated value inside its own bucket', () => {
    const h = new DecayedHistogram();
    for (let i = 0; i < 10; i++) h.add(3_000, 0);
    const [lo, hi] = [h.quantile(0.01)!, h.quantile(0.99)!];
    expect(lo).toBeLessThanOrEqual(3_000);
    expect(hi).toBeGreaterThanOrEqual(3_000);
    expect(hi / lo).toBeLessThan(1.17);
  });

  it('clamps samples outside [minMs, maxMs] into the edge buckets', () => {
    const h = new DecayedHistogram({ minMs: 100, maxMs: 10_000, bucketCount: 20 });
    h.add(1, 0);
    expect(h.quantile(0)).toBeGreaterThanOrEqual(100);
    const g = new DecayedHistogram({ minMs: 100, maxMs: 10_000, bucketCount: 20 });
    g.add(1e9, 0);
    expect(g.quantile(1)).toBeLessThanOrEqual(10_000);
  });

  it('lets recent samples dominate old ones after many half-lives', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    for (let i = 0; i < 100; i++) h.add(1_000, 0);
    for (let i = 0; i < 10; i++) h.add(10_000, 10 * H);
    expect(h.quantile(0.5)!).toBeGreaterThan(9_000);
  });

  it('merges by addition: merging equals adding every sample to one histogram', () => {
    const a = new DecayedHistogram({ halfLifeMs: H });
    const b = new DecayedHistogram({ halfLifeMs: H });
    const both = new DecayedHistogram({ halfLifeMs: H });
    [500, 2_000, 7_000].forEach((v, i) => (a.add(v, i * 1_000), both.add(v, i * 1_000)));
    [900, 30_000].forEach((v, i) => (b.add(v, H + i), both.add(v, H + i)));
    const before = a.snapshot();
    const merged = a.merge(b);
    const [m, e] = [merged.snapshot(), both.snapshot()];
    expect(m.at).toBe(e.at);
    m.weights.forEach((w, i) => expect(w).toBeCloseTo(e.weights[i]!, 12));
    expect(a.snapshot()).toEqual(before);
  });

  it('refuses to merge histograms with different layouts', () => {
    expect(() => new DecayedHistogram({ bucketCount: 10 }).merge(new DecayedHistogram({ bucketCount: 11 }))).toThrow(
      TypeError,
    );
  });

  it('round-trips through JSON', () => {
    const h = new DecayedHistogram({ halfLifeMs: H });
    [150, 900, 4_000, 4_100, 60_000].forEach((v, i) => h.add(v, i * 10_000));
    const r = DecayedHistogram.restore(JSON.parse(JSON.stringify(h.snapshot())));
    expect(r.quantile(0.9)).toBe(h.quantile(0.9));
    expect(r.weight(H)).toBeCloseTo(h.weight(H), 12);
  });

  it.each([
    [{ halfLifeMs: 0 }, RangeError, /halfLifeMs/],
    [{ halfLifeMs: Number.NaN }, RangeError, /halfLifeMs/],
    [{ minMs: -1 }, RangeError, /minMs/],
    [{ minMs: 500, maxMs: 500 }, RangeError, /maxMs must be > minMs/],
    [{ bucketCount: 1 }, RangeError, /bucketCount must be an integer in \[2, 1024\]/],
    [{ bucketCount: 2.5 }, RangeError, /bucketCount/],
  ])('rejects config %o', (config, type, message) => {
    expect(() => new DecayedHistogram(config)).toThrow(type);
    expect(() => new DecayedHistogram(config)).toThrow(message);
  });

  it.each([[-0.1], [1.1], [Number.NaN]])('rejects quantile q = %s', (q) => {
    expect(() => new DecayedHistogram().quantile(q)).toThrow(RangeError);
  });

  it('rejects a malformed snapshot', () => {
    const s = new DecayedHistogram({ bucketCount: 4 }).snapshot();
    expect(() => DecayedHistogram.restore({ ...s, weights: [1, 2] })).toThrow(/weights must be an array of 4/);
    expect(() => DecayedHistogram.restore({ ...s, weights: [1, -2, 0, 0] })).toThrow(/weights\[1\]/);
  });
});
