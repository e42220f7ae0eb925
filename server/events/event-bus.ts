import { EventEmitter } from 'node:events';

/** Kinds of live events streamed to the dashboard over SSE (`GET /v1/events`). */
export type LiveEventType = 'decision' | 'outcome' | 'breaker' | 'change' | 'config' | 'verification';

export interface LiveEvent {
  readonly type: LiveEventType;
  readonly at: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * In-process fan-out of live events. Subscribers are SSE connections; a slow subscriber
 * never blocks the publisher (SSE writes are buffered by Node and dropped connections
 * unsubscribe). No identity (numbers, codes) is ever published.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  #seq = 0;

  constructor(readonly maxSubscribers = 100) {
    this.#emitter.setMaxListeners(maxSubscribers + 10);
  }

  publish(event: LiveEvent): void {
    if (this.#emitter.listenerCount('event') === 0) return;
    this.#emitter.emit('event', { ...event, id: ++this.#seq });
  }

  /** @returns an unsubscribe function, or undefined when the subscriber limit is reached */
  subscribe(listener: (event: LiveEvent & { id: number }) => void): (() => void) | undefined {
    if (this.#emitter.listenerCount('event') >= this.maxSubscribers) return undefined;
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  get subscribers(): number {
    return this.#emitter.listenerCount('event');
  }
}
