import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';

const event = (at: number) => ({ type: 'decision' as const, at, data: {} });

describe('EventBus replay', () => {
  it('keeps the newest events, oldest first, and answers those after an id', () => {
    const bus = new EventBus(10, 3);
    for (let at = 1; at <= 5; at++) bus.publish(event(at));
    expect(bus.since(0).map((e) => [e.id, e.at])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(bus.since(4).map((e) => e.id)).toEqual([5]);
    expect(bus.since(5)).toEqual([]);
    // An id from before a restart (higher than any here): everything kept.
    expect(bus.since(99).map((e) => e.id)).toEqual([3, 4, 5]);
  });

  it('numbers and keeps events with no subscriber, and hands subscribers the same numbered event', () => {
    const bus = new EventBus(10, 5);
    bus.publish(event(1));
    const seen: number[] = [];
    const unsubscribe = bus.subscribe((e) => seen.push(e.id));
    bus.publish(event(2));
    unsubscribe?.();
    expect(seen).toEqual([2]);
    expect(bus.since(0).map((e) => e.id)).toEqual([1, 2]);
  });

  it('keeps nothing with a replay capacity of 0', () => {
    const bus = new EventBus(10, 0);
    bus.publish(event(1));
    expect(bus.since(0)).toEqual([]);
  });
});
