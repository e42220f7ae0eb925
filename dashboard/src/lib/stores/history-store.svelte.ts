import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { HistoryResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';
import { poll } from './poll.js';

export interface HistoryQuery {
  readonly segment: string;
  /** Window length ending now, ms. */
  readonly windowMs: number;
}

/** Weight history of one segment (`GET /v1/routing/history`), re-queried for a sliding window. */
export class HistoryStore {
  readonly #api: ApiClient;
  readonly #now: () => number;
  readonly #state = new Loadable<HistoryResponse>();

  constructor(api: ApiClient, now: () => number = Date.now) {
    this.#api = api;
    this.#now = now;
  }

  get history(): HistoryResponse | undefined {
    return this.#state.value;
  }

  get error(): ApiError | undefined {
    return this.#state.error;
  }

  get loading(): boolean {
    return this.#state.loading;
  }

  load(q: HistoryQuery): Promise<HistoryResponse | undefined> {
    const to = this.#now();
    const params = new URLSearchParams({
      segment: q.segment,
      from: new Date(to - q.windowMs).toISOString(),
      to: new Date(to).toISOString(),
    });
    return this.#state.run(async () => {
      const res = await this.#api.get<HistoryResponse>(`/v1/routing/history?${params.toString()}`);
      // A late answer for a segment the user already left must not be drawn under the new one.
      if (res.segment !== undefined && res.segment !== q.segment) throw new Error(`history for ${res.segment} arrived for ${q.segment}`);
      return res;
    });
  }

  /** @returns cleanup that stops polling */
  poll(q: HistoryQuery, intervalMs: number): () => void {
    this.#state.reset();
    return poll(() => this.load(q), intervalMs);
  }
}
