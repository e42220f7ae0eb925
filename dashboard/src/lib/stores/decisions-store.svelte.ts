import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import type { Decision, RecentResponse, RecentVerification } from '../api/api-types.js';
import { Loadable } from './loadable.svelte.js';
import { poll } from './poll.js';

/** Recent verifications (`GET /v1/routing/recent`) and one opened decision explanation. */
export class DecisionsStore {
  readonly #api: ApiClient;
  readonly #recent = new Loadable<RecentResponse>();
  readonly #decision = new Loadable<Decision>();
  #openId = $state<string | undefined>(undefined);

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get verifications(): readonly RecentVerification[] {
    return this.#recent.value?.verifications ?? [];
  }

  get recentError(): ApiError | undefined {
    return this.#recent.error;
  }

  get loadingRecent(): boolean {
    return this.#recent.loading;
  }

  get openAttemptId(): string | undefined {
    return this.#openId;
  }

  get decision(): Decision | undefined {
    return this.#decision.value?.attemptId === this.#openId ? this.#decision.value : undefined;
  }

  get decisionError(): ApiError | undefined {
    return this.#decision.error;
  }

  get loadingDecision(): boolean {
    return this.#decision.loading;
  }

  loadRecent(limit = 50): Promise<RecentResponse | undefined> {
    return this.#recent.run(() => this.#api.get<RecentResponse>(`/v1/routing/recent?limit=${limit}`));
  }

  /** @returns cleanup that stops polling */
  poll(intervalMs: number, limit = 50): () => void {
    return poll(() => this.loadRecent(limit), intervalMs);
  }

  open(attemptId: string): Promise<Decision | undefined> {
    this.#openId = attemptId;
    return this.#decision.run(() => this.#api.get<Decision>(`/v1/routing/decisions/${encodeURIComponent(attemptId)}`));
  }

  close(): void {
    this.#openId = undefined;
    this.#decision.reset();
  }
}
