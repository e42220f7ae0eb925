import type { ApiClient } from '../api/api-client.js';
import { problemToError } from '../api/api-error.js';
import type { LiveEvent } from '../api/api-types.js';
import { SseParser } from '../api/sse-parser.js';
import { backoffDelay } from './backoff.js';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

export interface LiveEventsOptions {
  readonly maxEvents?: number;
  readonly random?: () => number;
  readonly timers?: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;
}

/**
 * The server's live stream (`GET /v1/events`) read with fetch and a streaming reader, because
 * EventSource cannot send the Authorization header. Reconnects with exponential backoff and
 * `Last-Event-ID`; stops on 401/403 (retrying cannot fix a bad key) and shows why.
 */
export class LiveEventsStore {
  readonly #api: ApiClient;
  readonly #max: number;
  readonly #random: () => number;
  readonly #timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;
  #state = $state<ConnectionState>('idle');
  #events = $state<LiveEvent[]>([]);
  #lastError = $state<string | undefined>(undefined);
  #received = $state(0);
  #retryInMs = $state<number | undefined>(undefined);
  readonly #listeners = new Set<(e: LiveEvent) => void>();

  constructor(api: ApiClient, opts: LiveEventsOptions = {}) {
    this.#api = api;
    this.#max = opts.maxEvents ?? 100;
    this.#random = opts.random ?? Math.random;
    this.#timers = opts.timers ?? globalThis;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Newest first. */
  get events(): readonly LiveEvent[] {
    return this.#events;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  get received(): number {
    return this.#received;
  }

  get retryInMs(): number | undefined {
    return this.#retryInMs;
  }

  /** @returns unsubscribe */
  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens the stream and keeps it open. @returns cleanup that closes it and stops reconnecting */
  connect(): () => void {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const parser = new SseParser();

    const retry = (reason: string): void => {
      if (abort.signal.aborted) return;
      failures++;
      this.#lastError = reason;
      this.#state = 'reconnecting';
      const delay = backoffDelay(failures, this.#random);
      this.#retryInMs = delay;
      timer = this.#timers.setTimeout(() => void open(), delay);
    };

    const open = async (): Promise<void> => {
      if (abort.signal.aborted) return;
      this.#state = failures === 0 ? 'connecting' : 'reconnecting';
      this.#retryInMs = undefined;
      let res: Response;
      try {
        const last = parser.lastEventId;
        res = await this.#api.fetch('/v1/events', {
          headers: this.#api.headers({ Accept: 'text/event-stream', ...(last ? { 'Last-Event-ID': last } : {}) }),
          signal: abort.signal,
        });
      } catch (err) {
        return retry(`network error: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const problem = problemToError(res.status, body, `GET /v1/events failed with HTTP ${res.status}`);
        if (res.status === 401 || res.status === 403) {
          this.#state = 'error';
          this.#lastError = problem.display;
          return;
        }
        return retry(problem.display);
      }
      this.#state = 'live';
      this.#lastError = undefined;
      failures = 0;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const msg of parser.feed(value)) this.#dispatch(msg.event, msg.data);
        }
        retry('stream ended by the server');
      } catch (err) {
        if (!abort.signal.aborted) retry(`stream broke: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

    void open();
    return () => {
      abort.abort();
      if (timer !== undefined) this.#timers.clearTimeout(timer);
      this.#state = 'idle';
      this.#retryInMs = undefined;
    };
  }

  #dispatch(eventName: string, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.#lastError = `unreadable ${eventName} event: ${data.slice(0, 80)}`;
      return;
    }
    const obj = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<LiveEvent>;
    const event: LiveEvent = {
      type: typeof obj.type === 'string' ? obj.type : eventName,
      at: obj.at ?? '',
      data: typeof obj.data === 'object' && obj.data !== null ? obj.data : {},
    };
    this.#received++;
    this.#events = [event, ...this.#events].slice(0, this.#max);
    for (const l of this.#listeners) l(event);
  }
}
