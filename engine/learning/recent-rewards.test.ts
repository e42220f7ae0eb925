import { describe, expect, it } from 'vitest';
import { RecentRewards } from './recent-rewards.js';

const noDecay = () => 1;

describe('RecentRewards', () => {
  it('sums the rewards at positions strictly after a given one, with their decay weights', () => {
    const r = new RecentRewards(8);
    // Positions 1..5, all at the same time except the last two.
    for (let k = 1; k <= 5; k++) r.push(k, k < 4 ? 1000 : k * 1000, k % 2);
    expect(r.momentsAfter(2, 5000, noDecay)).toEqual({ n: 3, s: 2, q: 2 });
    expect(r.momentsAfter(-Infinity, 5000, noDecay)).toEqual({ n: 5, s: 3, q: 3 });
    expect(r.momentsAfter(5, 5000, noDecay)).toEqual({ n: 0, s: 0, q: 0 });
    // Weight 2^(-elapsed / 1000): position 3 (reward 1, at 1000), 4 (0, at 4000), 5 (1, at 5000) weigh 1/16, 1/2, 1.
    const halving = (elapsed: number) => 2 ** (-elapsed / 1000);
    expect(r.momentsAfter(2, 5000, halving)).toEqual({ n: 1.5625, s: 1.0625, q: 1.0625 });
  });

  it('remembers only the latest `capacity` rewards, and nothing after clear', () => {
    const r = new RecentRewards(3);
    for (let k = 1; k <= 10; k++) r.push(k, k, 0.5);
    expect(r.momentsAfter(-Infinity, 10, noDecay)).toEqual({ n: 3, s: 1.5, q: 0.75 });
    expect(r.momentsAfter(8, 10, noDecay)).toEqual({ n: 2, s: 1, q: 0.5 });
    r.clear();
    expect(r.momentsAfter(-Infinity, 10, noDecay).n).toBe(0);
  });
});
