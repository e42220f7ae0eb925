import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('pops in time order and keeps insertion order among equal times', () => {
    const q = new EventQueue<string>();
    q.push(5, 'e');
    q.push(1, 'a');
    q.push(3, 'c1');
    q.push(3, 'c2');
    q.push(1, 'a2');
    q.push(3, 'c3');
    const out: string[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
    expect(out).toEqual(['a', 'a2', 'c1', 'c2', 'c3', 'e']);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBeUndefined();
  });

  it('popItem removes the earliest event like pop, returning only its item', () => {
    const q = new EventQueue<string>();
    q.push(4, 'd');
    q.push(2, 'b1');
    q.push(2, 'b2');
    const out: [number | undefined, string | undefined][] = [];
    while (q.size > 0) out.push([q.peekTime(), q.popItem()]);
    expect(out).toEqual([
      [2, 'b1'],
      [2, 'b2'],
      [4, 'd'],
    ]);
    expect(q.popItem()).toBeUndefined();
  });

  it('peekTime returns the earliest time without removing it', () => {
    const q = new EventQueue<number>();
    q.push(10, 1);
    q.push(2, 2);
    expect(q.peekTime()).toBe(2);
    expect(q.size).toBe(2);
  });

  it.each([Number.NaN, Infinity, -Infinity])('rejects a non-finite time %s', (at) => {
    expect(() => new EventQueue<number>().push(at, 1)).toThrow(RangeError);
    expect(() => new EventQueue<number>().push(at, 1)).toThrow('at must be a finite number');
  });

  it('matches a stable sort by time for interleaved pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 200 }), (ops) => {
        const q = new EventQueue<number>();
        const reference: { at: number; id: number }[] = [];
        let id = 0;
        for (const [isPop, at] of ops) {
          if (isPop) {
            reference.sort((a, b) => a.at - b.at || a.id - b.id);
            const want = reference.shift();
            const got = q.pop();
            expect(got?.item).toBe(want?.id);
          } else {
            q.push(at, id);
            reference.push({ at, id });
            id++;
          }
        }
        expect(q.size).toBe(reference.length);
      }),
    );
  });
});
