import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { BenchmarkReport, BenchmarksResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';

/** Latest benchmark reports (`GET /v1/benchmarks/latest`) and their SVG charts. */
export class BenchmarksStore {
  readonly #api: ApiClient;
  readonly #state = new Loadable<BenchmarksResponse>();

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get reports(): readonly BenchmarkReport[] {
    return this.#state.value?.reports ?? [];
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

  load(): Promise<BenchmarksResponse | undefined> {
    return this.#state.run(() => this.#api.get<BenchmarksResponse>('/v1/benchmarks/latest'));
  }

  /**
   * Fetches an image with the admin key (an `<img src>` cannot send it) and returns a blob URL;
   * SVG shown through `<img>` never runs scripts. Caller revokes the URL.
   * @throws ApiError on failure
   */
  async imageUrl(path: string): Promise<string> {
    return URL.createObjectURL(await this.#api.getBlob(path, 'image/svg+xml,image/*'));
  }
}
