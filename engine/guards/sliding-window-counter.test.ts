import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingWindowCounter } from './sliding-window-counter.js';

describe('SlidingWindowCounter', () => {
  it('counts a hit for the whole window and drops it at the boundary', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 10 });
    expect(c.hit('k', 0)).toBe(1);
    expect(c.count('k', 999)).toBe(1);
    expect(c.count('k', 1_000)).toBe(0);
  });

  it('keeps a hit for between windowMs - bucket width and windowMs', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 10 });
    c.hit('k', 950);
    expect(c.count('k', 1_899)).toBe(1);
    expect(c.count('k', 1_900)).toBe(0);
  });

  it('adds n hits at once and keeps keys apart', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000 });
    c.hit('a', 0, 3);
    c.hit('b', 10);
    expect([c.count('a', 20), c.count('b', 20), c.count('nobody', 20)]).toEqual([3, 1, 0]);
  });

  it('ignores a hit older than the window and files a late one in its own bucket', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 10 });
    c.hit('k', 5_000);
    c.hit('k', 3_000);
    expect(c.count('k', 5_000)).toBe(1);
    c.hit('k', 4_150);
    expect(c.count('k', 5_000)).toBe(2);
    expect(c.count('k', 5_150)).toBe(1);
  });

  it('clears everything after a jump longer than the window', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 4 });
    for (let t = 0; t < 1_000; t += 100) c.hit('k', t);
    expect(c.count('k', 999)).toBe(10);
    expect(c.hit('k', 10_000)).toBe(1);
  });

  it('says how long until one more hit fits under the limit', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 10 });
    [0, 100, 200].forEach((t) => c.hit('k', t));
    expect(c.retryAfterMs('k', 4, 250)).toBe(0);
    expect(c.retryAfterMs('k', 3, 250)).toBe(750);
    expect(c.retryAfterMs('k', 2, 250)).toBe(850);
    expect(c.verdict('k', 3, 250, 'phone')).toEqual({ limited: true, retryAfterMs: 750, scope: 'phone' });
    expect(c.verdict('k', 3, 1_000)).toEqual({ limited: false });
    expect(c.verdict('k', 4, 250)).toEqual({ limited: false });
  });

  it('evicts the least recently hit key beyond maxKeys', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, maxKeys: 2 });
    c.hit('a', 0);
    c.hit('b', 1);
    c.hit('a', 2);
    c.hit('c', 3);
    expect(c.size).toBe(2);
    expect([c.count('a', 4), c.count('b', 4), c.count('c', 4)]).toEqual([2, 0, 1]);
  });

  it('drops keys not hit for more than a window and a bucket, as later hits come in', () => {
    const c = new SlidingWindowCounter({ windowMs: 1_000, buckets: 10 });
    c.hit('a', 0);
    c.hit('b', 500);
    c.hit('c', 1_099);
    expect(c.size).toBe(3);
    // Bucket 11 is a window and a bucket after 'a' (bucket 0): gone; 'b' (bucket 5) stays.
    c.hit('c', 1_100);
    expect(c.size).toBe(2);
    expect([c.count('a', 1_100), c.count('b', 1_100), c.count('c', 1_100)]).toEqual([0, 1, 2]);
    c.hit('d', 10_000);
    expect(c.size).toBe(1);
  });

  it('holds about a window of one-off keys, however many pass through', () => {
    const c = new SlidingWindowCounter({ windowMs: 60_000, buckets: 10, maxKeys: 1_000_000 });
    // 200,000 distinct keys at 100 per second: 33 minutes, 6,000 keys per window.
    for (let k = 0; k < 200_000; k++) c.hit(`+4915${k}`, k * 10);
    expect(c.size).toBeGreaterThanOrEqual(6_000);
    expect(c.size).toBeLessThanOrEqual(6_000 + 2 * 600);
    expect(c.count('+4915199999', 2_000_000)).toBe(1);
    expect(c.count('+49150', 2_000_000)).toBe(0);
  });

  it('keeps exactly the maxKeys most recently hit keys; counting a key does not refresh it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ hit: fc.boolean(), key: fc.constantFrom('a', 'b', 'c', 'd', 'e') }), { maxLength: 80 }),
        (maxKeys, ops) => {
          // Every operation falls in one window, so a key's count is its hits since it was last (re)inserted.
          const c = new SlidingWindowCounter({ windowMs: 1e9, maxKeys });
          const model = new Map<string, number>();
          return ops.every(({ hit, key }, at) => {
            if (!hit) return c.count(key, at) === (model.get(key) ?? 0);
            const hits = (model.get(key) ?? 0) + 1;
            model.delete(key);
            model.set(key, hits);
            if (model.size > maxKeys) model.delete(model.keys().next().value as string);
            return c.hit(key, at) === hits && c.size === model.size;
          });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('stays within the exact counts over [at - windowMs + width, at] and (at - windowMs, at]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 400 }),
        (gaps, probe) => {
          const windowMs = 100;
          const c = new SlidingWindowCounter({ windowMs, buckets: 5 });
          const times: number[] = [];
          let t = 0;
          for (const g of gaps) {
            t += g;
            times.push(t);
            c.hit('k', t);
          }
          const at = t + probe;
          const got = c.count('k', at);
          const lower = times.filter((h) => h > at - windowMs + windowMs / 5).length;
          const upper = times.filter((h) => h > at - windowMs).length;
          return got >= lower && got <= upper;
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it.each([
    [{ windowMs: 0 }, /windowMs must be a finite number > 0/],
    [{ windowMs: 1_000, buckets: 0 }, /buckets must be an integer in \[1, 1000\]/],
    [{ windowMs: 1_000, maxKeys: 1.5 }, /maxKeys/],
  ])('rejects config %o with a RangeError', (config, message) => {
    expect(() => new SlidingWindowCounter(config)).toThrow(RangeError);
    expect(() => new SlidingWindowCounter(config)).toThrow(message);
  });

  it.each([[0], [-1], [2.5]])('rejects limit %s', (limit) => {
    const c = new SlidingWindowCounter({ windowMs: 1_000 });
    expect(() => c.retryAfterMs('k', limit, 0)).toThrow(/limit must be an integer/);
    expect(() => c.verdict('k', limit, 0)).toThrow(RangeError);
  });
});
