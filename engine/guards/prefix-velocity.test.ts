import { describe, expect, it } from 'vitest';
import { PrefixVelocity } from './prefix-velocity.js';

/** Interleaves normal traffic (70 % conversion) in `normal` with completion-free sends to sequential numbers in `attacked`. */
function simulate(v: PrefixVelocity, sends: number): { firstFlaggedAt: number | undefined; normalFlagged: boolean } {
  let firstFlaggedAt: number | undefined;
  let normalFlagged = false;
  for (let i = 0; i < sends; i++) {
    const at = i * 1_000;
    if (v.check('+4917', at).limited) normalFlagged = true;
    v.recordSend('+4917', at);
    if (i % 10 < 7) v.recordCompletion('+4917', at + 500);
    if (v.check('+88213', at).limited) firstFlaggedAt ??= i;
    else v.recordSend('+88213', at);
  }
  return { firstFlaggedAt, normalFlagged };
}

describe('PrefixVelocity', () => {
  it('flags a prefix of sequential numbers with no completions once it reaches minSends, not a converting one', () => {
    const { firstFlaggedAt, normalFlagged } = simulate(new PrefixVelocity(), 300);
    expect(firstFlaggedAt).toBe(20);
    expect(normalFlagged).toBe(false);
  });

  it.each([[5], [20], [50]])('with minSends %i flags after exactly that many sends', (minSends) => {
    expect(simulate(new PrefixVelocity({ minSends }), 200).firstFlaggedAt).toBe(minSends);
  });

  it('never flags below the minimum volume', () => {
    const v = new PrefixVelocity({ minSends: 20 });
    for (let i = 0; i < 19; i++) v.recordSend('+88213', i);
    expect(v.check('+88213', 19)).toEqual({ limited: false });
  });

  it('compares against the conversion of other prefixes, not its own traffic', () => {
    const v = new PrefixVelocity({ minSends: 10 });
    for (let i = 0; i < 100; i++) {
      v.recordSend('+4917', i);
      v.recordCompletion('+4917', i);
    }
    for (let i = 0; i < 10; i++) v.recordSend('+88213', 100 + i);
    for (let i = 0; i < 3; i++) v.recordCompletion('+88213', 110);
    expect(v.stats('+88213', 120)).toEqual({ sends: 10, completions: 3, conversion: 0.3, baseline: 1 });
    expect(v.check('+88213', 120).limited).toBe(false);
    v.recordSend('+88213', 121);
    expect(v.check('+88213', 122).limited).toBe(true);
  });

  it('uses a configured expected conversion and the prior when other traffic is thin', () => {
    const fixed = new PrefixVelocity({ minSends: 10, expectedConversion: 0.2 });
    const prior = new PrefixVelocity({ minSends: 10 });
    for (const v of [fixed, prior]) {
      for (let i = 0; i < 10; i++) v.recordSend('+1', i);
      v.recordCompletion('+1', 10);
    }
    expect(fixed.stats('+1', 11).baseline).toBe(0.2);
    expect(fixed.check('+1', 11).limited).toBe(false);
    expect(prior.stats('+1', 11).baseline).toBe(0.6);
    expect(prior.check('+1', 11).limited).toBe(true);
  });

  it('lifts the flag once the window has passed, and says when', () => {
    const v = new PrefixVelocity({ windowMs: 60_000, buckets: 6, minSends: 5 });
    for (let i = 0; i < 5; i++) v.recordSend('+88213', i * 1_000);
    const verdict = v.check('+88213', 5_000);
    expect(verdict).toEqual({ limited: true, scope: 'prefix', retryAfterMs: 55_000 });
    expect(v.check('+88213', 5_000 + 55_000).limited).toBe(false);
  });

  it.each([
    [{ minSends: 0 }, /minSends must be an integer/],
    [{ conversionRatio: 0 }, /conversionRatio must be a number in \(0, 1\]/],
    [{ conversionRatio: 1.5 }, /conversionRatio/],
    [{ expectedConversion: -0.1 }, /expectedConversion/],
    [{ priorConversion: 2 }, /priorConversion/],
    [{ windowMs: -1 }, /windowMs/],
    [{ maxPrefixes: 0 }, /maxPrefixes/],
  ])('rejects config %o with a RangeError', (config, message) => {
    expect(() => new PrefixVelocity(config)).toThrow(RangeError);
    expect(() => new PrefixVelocity(config)).toThrow(message);
  });

  it('keeps the sends of an evicted prefix in the all-prefix baseline', () => {
    const v = new PrefixVelocity({ maxPrefixes: 1, minSends: 4, priorConversion: 0.9 });
    for (let i = 0; i < 10; i++) {
      v.recordSend('+4917', i);
      if (i < 6) v.recordCompletion('+4917', i);
    }
    v.recordSend('+88213', 20);
    expect(v.stats('+4917', 30).sends).toBe(0);
    // The 10 other sends and 6 completions still set the bar (not the 0.9 prior for thin traffic).
    expect(v.stats('+88213', 30)).toEqual({ sends: 1, completions: 0, conversion: 0, baseline: 0.6 });
  });

  it('rejects an empty prefix', () => {
    expect(() => new PrefixVelocity().recordSend('', 0)).toThrow(TypeError);
  });
});
