import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';

const event = (at: number) => ({ type: 'decision' as const, at, data: {} });
const ids = (bus: EventBus, after = 0) => bus.since(after).map((e) => e.id);

describe('EventBus replay', () => {
  it('keeps the newest events while a replay stream is open, oldest first, and answers those after an id', () => {
    const bus = new EventBus(10, 3);
    bus.subscribe(() => {}, { replay: true });
    for (let at = 1; at <= 5; at++) bus.publish(event(at));
    expect(bus.since(0).map((e) => [e.id, e.at])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(ids(bus, 4)).toEqual([5]);
    expect(ids(bus, 5)).toEqual([]);
    // An id from before a restart (higher than any here): everything kept.
    expect(ids(bus, 99)).toEqual([3, 4, 5]);
  });

  it('keeps nothing without a replay stream (in-process subscribers do not count), but numbers every event', () => {
    const bus = new EventBus(10, 5);
    const seen: number[] = [];
    bus.subscribe((e) => seen.push(e.id));
    bus.publish(event(1));
    bus.publish(event(2));
    expect([seen, ids(bus)]).toEqual([[1, 2], []]);
  });

  it('after the last stream closes keeps a ring more of events for its reconnect, then forgets them', () => {
    const bus = new EventBus(10, 3);
    const close = bus.subscribe(() => {}, { replay: true });
    bus.publish(event(1));
    close?.();
    close?.(); // twice (response and request both close): counted once
    bus.publish(event(2));
    bus.publish(event(3));
    bus.publish(event(4));
    expect(ids(bus, 1)).toEqual([2, 3, 4]);
    bus.publish(event(5)); // a full ring after the close: nothing is kept any more
    expect(ids(bus)).toEqual([]);
    // A new stream starts keeping again.
    bus.subscribe(() => {}, { replay: true });
    bus.publish(event(6));
    expect(ids(bus)).toEqual([6]);
  });

  it('keeps nothing with a replay capacity of 0', () => {
    const bus = new EventBus(10, 0);
    bus.subscribe(() => {}, { replay: true });
    bus.publish(event(1));
    expect(ids(bus)).toEqual([]);
  });
});
