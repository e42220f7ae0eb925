import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { CompletionModelResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';
import { poll } from './poll.js';

/** The engine's completion model (`GET /v1/routing/completion-model`): completion by landing delay, receipts vs completions. */
export class CompletionModelStore {
  readonly #api: ApiClient;
  readonly #state = new Loadable<CompletionModelResponse>();

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get model(): CompletionModelResponse | undefined {
    return this.#state.value;
  }

  get error(): ApiError | undefined {
    return this.#state.error;
  }

  load(): Promise<CompletionModelResponse | undefined> {
    return this.#state.run(() => this.#api.get<CompletionModelResponse>('/v1/routing/completion-model'));
  }

  /** @returns cleanup that stops polling */
  poll(intervalMs: number): () => void {
    return poll(() => this.load(), intervalMs);
  }
}
