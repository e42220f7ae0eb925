import { describe, expect, it } from 'vitest';
import { createProviderQueue } from './provider-queue.js';

describe('createProviderQueue', () => {
  it('spaces a burst one slot apart and drops what would wait longer than maxQueueMs', () => {
    const q = createProviderQueue(10, 250); // slot 100 ms
    expect([q.admit(0), q.admit(0), q.admit(0), q.admit(0), q.admit(0)]).toEqual([0, 100, 200, undefined, undefined]);
    expect(q.backlogMs(0)).toBe(300);
    expect(q.admit(150)).toBe(150); // dropped messages took no slot
    expect(q.admit(1_000)).toBe(0);
  });

  it('never delays traffic below capacity', () => {
    const q = createProviderQueue(20, 0);
    for (let t = 0; t < 10_000; t += 50) expect(q.admit(t)).toBe(0);
  });

  it('measures the wait from each arrival when arrivals are out of order', () => {
    const q = createProviderQueue(1, 10_000);
    expect(q.admit(5_000)).toBe(0);
    expect(q.admit(4_000)).toBe(2_000);
  });
});
