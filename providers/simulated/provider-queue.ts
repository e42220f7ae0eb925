/**
 * Capacity of one provider as a leaky bucket in simulated time: it forwards at most
 * `capacityPerSecond` messages per second, one every `1000 / capacityPerSecond` ms; a
 * message arriving while earlier ones are still queued waits for its slot. A message that
 * would wait longer than `maxQueueMs` is dropped (the provider accepted and billed it, but
 * it never leaves: the router sees a timeout). Dropped messages take no slot.
 * Drivers send in time order; a late-reported earlier arrival still queues behind the
 * messages already admitted (its wait is measured from its own arrival).
 */
export interface ProviderQueue {
  /** Queueing delay in ms for a message arriving at `at`, or undefined when it is dropped. */
  admit(at: number): number | undefined;
  /** Ms a message arriving at `at` would wait (without admitting it). */
  backlogMs(at: number): number;
}

export function createProviderQueue(capacityPerSecond: number, maxQueueMs: number): ProviderQueue {
  const slotMs = 1000 / capacityPerSecond;
  let freeAt = -Infinity;
  return {
    admit(at) {
      const start = Math.max(at, freeAt);
      const wait = start - at;
      if (wait > maxQueueMs) return undefined;
      freeAt = start + slotMs;
      return wait;
    },
    backlogMs(at) {
      return Math.max(0, freeAt - at);
    },
  };
}
