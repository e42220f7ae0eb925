import { EventEmitter } from 'node:events';

/** Kinds of live events streamed to the dashboard over SSE (`GET /v1/events`). */
export type LiveEventType = 'decision' | 'outcome' | 'breaker' | 'change' | 'config' | 'verification';

export interface LiveEvent {
  readonly type: LiveEventType;
  readonly at: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A published event with its id: consecutive per process, starting at 1. */
export type NumberedEvent = LiveEvent & { readonly id: number };

/** Events kept for streams that reconnect with `Last-Event-ID` (the newest; the oldest are dropped first). */
export const REPLAY_EVENTS = 1_000;

/**
 * In-process fan-out of live events. Subscribers are SSE connections; a slow subscriber
 * never blocks the publisher (SSE writes are buffered by Node and dropped connections
 * unsubscribe). The last {@link REPLAY_EVENTS} events are kept so that a stream that
 * reconnects with `Last-Event-ID` gets what it missed ({@link since}). No identity (numbers,
 * codes) is ever published.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  #seq = 0;
  /** Ring of the newest events; `#head` is the slot of the oldest once it is full. */
  readonly #ring: NumberedEvent[] = [];
  #head = 0;

  constructor(
    readonly maxSubscribers = 100,
    readonly replayCapacity = REPLAY_EVENTS,
  ) {
    this.#emitter.setMaxListeners(maxSubscribers + 10);
  }

  publish(event: LiveEvent): void {
    const numbered: NumberedEvent = { ...event, id: ++this.#seq };
    if (this.#ring.length < this.replayCapacity) this.#ring.push(numbered);
    else if (this.replayCapacity > 0) {
      this.#ring[this.#head] = numbered;
      this.#head = (this.#head + 1) % this.replayCapacity;
    }
    if (this.#emitter.listenerCount('event') === 0) return;
    this.#emitter.emit('event', numbered);
  }

  /**
   * The kept events published after the one numbered `lastId`, oldest first. When `lastId` is
   * newer than anything published here (the stream was opened before a restart, and ids start
   * again at 1), every kept event. Whether some were dropped shows in the ids: they are
   * consecutive, so the first one returned is then more than `lastId + 1`.
   */
  since(lastId: number): NumberedEvent[] {
    const ordered = [...this.#ring.slice(this.#head), ...this.#ring.slice(0, this.#head)];
    return lastId > this.#seq ? ordered : ordered.filter((e) => e.id > lastId);
  }

  /** @returns an unsubscribe function, or undefined when the subscriber limit is reached */
  subscribe(listener: (event: NumberedEvent) => void): (() => void) | undefined {
    if (this.#emitter.listenerCount('event') >= this.maxSubscribers) return undefined;
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  get subscribers(): number {
    return this.#emitter.listenerCount('event');
  }
}
