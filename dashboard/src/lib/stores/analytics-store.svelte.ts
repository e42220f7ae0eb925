import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { GroupBy, SummaryResponse, TimeseriesResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';
import { poll } from './poll.js';

export interface AnalyticsQuery {
  readonly windowMs: number;
  readonly groupBy: GroupBy;
  /** Time-series bucket, seconds. */
  readonly bucketSeconds: number;
}

/** Overview KPIs and their time series (`GET /v1/analytics/summary`, `/timeseries`). */
export class AnalyticsStore {
  readonly #api: ApiClient;
  readonly #now: () => number;
  readonly #summary = new Loadable<SummaryResponse>();
  readonly #series = new Loadable<TimeseriesResponse>();

  constructor(api: ApiClient, now: () => number = Date.now) {
    this.#api = api;
    this.#now = now;
  }

  get summary(): SummaryResponse | undefined {
    return this.#summary.value;
  }

  get series(): TimeseriesResponse | undefined {
    return this.#series.value;
  }

  get summaryError(): ApiError | undefined {
    return this.#summary.error;
  }

  get seriesError(): ApiError | undefined {
    return this.#series.error;
  }

  get loading(): boolean {
    return this.#summary.loading || this.#series.loading;
  }

  async load(q: AnalyticsQuery): Promise<void> {
    const to = this.#now();
    const from = new Date(to - q.windowMs).toISOString();
    const toIso = new Date(to).toISOString();
    const summary = new URLSearchParams({ from, to: toIso, groupBy: q.groupBy });
    const series = new URLSearchParams({ from, to: toIso, bucket: String(q.bucketSeconds) });
    await Promise.all([
      this.#summary.run(() => this.#api.get<SummaryResponse>(`/v1/analytics/summary?${summary.toString()}`)),
      this.#series.run(() => this.#api.get<TimeseriesResponse>(`/v1/analytics/timeseries?${series.toString()}`)),
    ]);
  }

  /** @returns cleanup that stops polling */
  poll(q: AnalyticsQuery, intervalMs: number): () => void {
    return poll(() => this.load(q), intervalMs);
  }
}
