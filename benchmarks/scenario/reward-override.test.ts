import { describe, expect, it } from 'vitest';
import { parseRewardOverride } from './reward-override.js';

describe('parseRewardOverride (--reward)', () => {
  it('reads name=number pairs, any subset, spaces allowed', () => {
    expect(parseRewardOverride('completion=0.5,latency=0.1,cost=0.4')).toEqual({ completion: 0.5, latency: 0.1, cost: 0.4 });
    expect(parseRewardOverride(' cost = 1.5 ')).toEqual({ cost: 1.5 });
    expect(parseRewardOverride('latency=0')).toEqual({ latency: 0 });
  });

  it('rejects unknown names, non-numbers, negatives, repeats and an empty list, naming the pair', () => {
    expect(() => parseRewardOverride('speed=1')).toThrow(/names among completion, latency, cost, got "speed=1"/);
    expect(() => parseRewardOverride('cost')).toThrow(/got "cost"/);
    expect(() => parseRewardOverride('cost=1=2')).toThrow(/got "cost=1=2"/);
    expect(() => parseRewardOverride('cost=x')).toThrow(/cost must be a number >= 0, got "x"/);
    expect(() => parseRewardOverride('cost=')).toThrow(/cost must be a number >= 0/);
    expect(() => parseRewardOverride('latency=-1')).toThrow(/latency must be a number >= 0/);
    expect(() => parseRewardOverride('cost=1,cost=2')).toThrow(/cost is given twice/);
    expect(() => parseRewardOverride(' , ')).toThrow(/at least one weight/);
  });
});
