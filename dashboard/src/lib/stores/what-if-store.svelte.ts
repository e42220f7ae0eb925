import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { RewardWeights, WhatIfResponse } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';

/** Predicted effect of proposed reward weights on recent logged traffic (`POST /v1/config/reward/what-if`). */
export class WhatIfStore {
  readonly #api: ApiClient;
  readonly #state = new Loadable<WhatIfResponse>();
  #forKey = $state<string | undefined>(undefined);

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get result(): WhatIfResponse | undefined {
    return this.#state.value;
  }

  get error(): ApiError | undefined {
    return this.#state.error;
  }

  get loading(): boolean {
    return this.#state.loading;
  }

  /** Whether the shown result was computed for exactly these weights. */
  isFor(weights: RewardWeights): boolean {
    return this.#forKey === JSON.stringify(weights) && this.#state.value !== undefined;
  }

  async run(weights: RewardWeights): Promise<WhatIfResponse | undefined> {
    const res = await this.#state.run(() => this.#api.post<WhatIfResponse>('/v1/config/reward/what-if', { weights }));
    if (res) this.#forKey = JSON.stringify(weights);
    return res;
  }

  reset(): void {
    this.#forKey = undefined;
    this.#state.reset();
  }
}
