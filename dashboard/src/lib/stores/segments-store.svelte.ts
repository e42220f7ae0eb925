import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { Segment, SegmentsResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';
import { poll } from './poll.js';

/** Current per-segment, per-provider routing state (`GET /v1/routing/segments`). */
export class SegmentsStore {
  readonly #api: ApiClient;
  readonly #state = new Loadable<SegmentsResponse>();

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get segments(): readonly Segment[] {
    return this.#state.value?.segments ?? [];
  }

  get at(): string | number | undefined {
    return this.#state.value?.at;
  }

  get error(): ApiError | undefined {
    return this.#state.error;
  }

  get loading(): boolean {
    return this.#state.loading;
  }

  get loaded(): boolean {
    return this.#state.value !== undefined;
  }

  load(): Promise<SegmentsResponse | undefined> {
    return this.#state.run(() => this.#api.get<SegmentsResponse>('/v1/routing/segments'));
  }

  /** @returns cleanup that stops polling */
  poll(intervalMs: number): () => void {
    return poll(() => this.load(), intervalMs);
  }
}
