import { ApiClient, type FetchLike } from './api/api-client.js';
import type { RewardBody, RoutingBody } from './api/api-types.js';
import { AnalyticsStore } from './stores/analytics-store.svelte.js';
import { AuthStore } from './stores/auth-store.svelte.js';
import { BenchmarksStore } from './stores/benchmarks-store.svelte.js';
import { CompletionModelStore } from './stores/completion-model-store.svelte.js';
import { ConfigStore } from './stores/config-store.svelte.js';
import { DecisionsStore } from './stores/decisions-store.svelte.js';
import { HistoryStore } from './stores/history-store.svelte.js';
import { LiveEventsStore } from './stores/live-events-store.svelte.js';
import { RouterStore } from './stores/router-store.svelte.js';
import { SegmentsStore } from './stores/segments-store.svelte.js';
import { WhatIfStore } from './stores/what-if-store.svelte.js';

export interface AppState {
  readonly auth: AuthStore;
  readonly api: ApiClient;
  readonly router: RouterStore;
  readonly live: LiveEventsStore;
  readonly segments: SegmentsStore;
  readonly completion: CompletionModelStore;
  readonly history: HistoryStore;
  readonly analytics: AnalyticsStore;
  readonly decisions: DecisionsStore;
  readonly reward: ConfigStore<RewardBody>;
  readonly routing: ConfigStore<RoutingBody>;
  readonly whatIf: WhatIfStore;
  readonly benchmarks: BenchmarksStore;
}

export interface AppEnvironment {
  readonly fetch: FetchLike;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  readonly location: Pick<Location, 'hash'>;
}

/** The dashboard's one wiring root: every store shares one API client and one admin key. */
export function createAppState(env: AppEnvironment): AppState {
  const auth = new AuthStore(env.storage);
  const api = new ApiClient({ fetch: env.fetch, key: () => auth.key, onUnauthorized: () => auth.markRejected() });
  return {
    auth,
    api,
    router: new RouterStore(env.location),
    live: new LiveEventsStore(api),
    segments: new SegmentsStore(api),
    completion: new CompletionModelStore(api),
    history: new HistoryStore(api),
    analytics: new AnalyticsStore(api),
    decisions: new DecisionsStore(api),
    reward: new ConfigStore<RewardBody>(api, '/v1/config/reward'),
    routing: new ConfigStore<RoutingBody>(api, '/v1/config/routing'),
    whatIf: new WhatIfStore(api),
    benchmarks: new BenchmarksStore(api),
  };
}
