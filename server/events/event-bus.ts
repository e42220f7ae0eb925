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
 * In-process fan-out of live events. Subscribers are SSE connections and in-process
 * consumers (metrics, the event recorder); a slow subscriber never blocks the publisher (SSE
 * writes are buffered by Node and dropped connections unsubscribe). So that an SSE stream that
 * reconnects with `Last-Event-ID` gets what it missed ({@link since}), the newest
 * {@link REPLAY_EVENTS} events are kept while a stream subscribed with `replay` is open and
 * until as many more have been published after the last one closed (by then a reconnect
 * would have found them overwritten anyway); with no stream around nothing is kept, because
 * keeping every event alive that long made them all survive into the old generation and cost
 * ~8% of `POST /v1/verifications` throughput. No identity (numbers, codes) is ever published.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  #seq = 0;
  /** Ring of the newest events; `#head` is the slot of the oldest once it is full. */
  #ring: NumberedEvent[] = [];
  #head = 0;
  /** Open replay streams, and events still to keep after the last one closed. */
  #streams = 0;
  #grace = 0;

  constructor(
    readonly maxSubscribers = 100,
    readonly replayCapacity = REPLAY_EVENTS,
  ) {
    this.#emitter.setMaxListeners(maxSubscribers + 10);
  }

  publish(event: LiveEvent): void {
    const numbered: NumberedEvent = { ...event, id: ++this.#seq };
    if (this.#streams > 0 || this.#grace > 0) this.#keep(numbered);
    if (this.#emitter.listenerCount('event') === 0) return;
    this.#emitter.emit('event', numbered);
  }

  #keep(numbered: NumberedEvent): void {
    if (this.#streams === 0 && --this.#grace === 0) {
      // The last stream left a full ring ago: stop keeping, and forget what was kept.
      this.#ring = [];
      this.#head = 0;
      return;
    }
    if (this.#ring.length < this.replayCapacity) this.#ring.push(numbered);
    else if (this.replayCapacity > 0) {
      this.#ring[this.#head] = numbered;
      this.#head = (this.#head + 1) % this.replayCapacity;
    }
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

  /**
   * @param options.replay an SSE stream: events are kept for replay while it is open (see above)
   * @returns an unsubscribe function, or undefined when the subscriber limit is reached
   */
  subscribe(
    listener: (event: NumberedEvent) => void,
    options: { readonly replay?: boolean } = {},
  ): (() => void) | undefined {
    if (this.#emitter.listenerCount('event') >= this.maxSubscribers) return undefined;
    this.#emitter.on('event', listener);
    if (options.replay) this.#streams++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#emitter.off('event', listener);
      if (options.replay && --this.#streams === 0) this.#grace = this.replayCapacity + 1;
    };
  }

  get subscribers(): number {
    return this.#emitter.listenerCount('event');
  }
}
