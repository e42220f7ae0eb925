/** Wire types of the routewise admin API (server/ issue 3). The dashboard talks to the server over HTTP only. */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface Estimate {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

export interface ProviderHealth {
  readonly acceptanceRate?: number | null;
  readonly deliveryRate?: number | null;
  readonly completionRate?: number | null;
  readonly timeoutRate?: number | null;
  readonly latencyP50Ms?: number | null;
  readonly latencyP90Ms?: number | null;
  readonly [key: string]: unknown;
}

export interface Breaker {
  readonly state: BreakerState;
  readonly ejections: number;
  readonly consecutiveFailures?: number;
  readonly ejectedUntil?: string | number;
}

export interface SegmentProvider {
  readonly provider: string;
  /** Last logged selection probability; null before the first decision. */
  readonly probability: number | null;
  readonly estimate: Estimate;
  /** Moving mean cost per settled attempt in the segment (USD); null before the first. */
  readonly cost?: number | null;
  readonly health: ProviderHealth | null;
  readonly breaker: Breaker;
}

export interface Segment {
  readonly segment: string;
  readonly country: string;
  readonly operator: string;
  readonly routeClass: string;
  readonly providers: readonly SegmentProvider[];
}

export interface SegmentsResponse {
  readonly at: string | number;
  readonly segments: readonly Segment[];
}

export interface HistoryPoint {
  readonly at: string;
  readonly provider: string;
  readonly probability: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  readonly completionRate?: number | null;
  readonly latencyP50Ms?: number | null;
  readonly latencyP90Ms?: number | null;
  readonly timeoutRate?: number | null;
  readonly cost?: number | null;
  readonly breaker?: BreakerState | string;
}

export type HistoryEventKind = 'breaker' | 'change' | 'config';

export interface HistoryEvent {
  readonly at: string;
  readonly kind: HistoryEventKind;
  readonly segment?: string | null;
  readonly provider?: string | null;
  readonly detail: unknown;
}

/** A contextual policy's coefficient per feature name, for one provider at one snapshot. */
export interface CoefficientPoint {
  readonly at: string;
  readonly provider: string;
  readonly values: Readonly<Record<string, number>>;
}

export interface HistoryResponse {
  readonly segment: string;
  readonly points: readonly HistoryPoint[];
  readonly events: readonly HistoryEvent[];
  /** Empty (or absent from older servers) unless the policy is contextual. */
  readonly coefficients?: readonly CoefficientPoint[];
}

export interface DecisionOutcome {
  readonly status: string;
  readonly completed: boolean;
  readonly cost: number;
  readonly errorClass: string | null;
  readonly settled: boolean;
  readonly reward: number | null;
  readonly acceptedAt?: string | null;
  readonly receiptAt?: string | null;
  readonly completedAt?: string | null;
}

export interface DecisionExplanation {
  readonly guards: readonly { readonly guard: string; readonly verdict: string; readonly reason?: string }[];
  readonly excluded: readonly { readonly provider: string; readonly guard: string; readonly reason: string }[];
  readonly candidates: readonly { readonly provider: string; readonly score: number; readonly probability: number }[];
  readonly chosen?: string;
  readonly propensity?: number;
  readonly summary: string;
}

export interface Decision {
  readonly attemptId: string;
  readonly verificationId: string;
  readonly at: string | number;
  readonly segment: string;
  readonly provider: string;
  readonly propensity: number;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly scores: Readonly<Record<string, number>>;
  readonly policy: string;
  readonly policyVersion: string;
  readonly rewardVersion: string;
  /** Stored as the engine wrote it; read through explanationOf() which tolerates missing parts. */
  readonly explanation: Partial<DecisionExplanation> | null;
  readonly outcome?: DecisionOutcome;
  readonly action?: string;
}

export interface RecentAttempt {
  readonly id: string;
  readonly provider: string;
  readonly status: string;
  readonly propensity?: number;
  readonly completed?: boolean;
  readonly cost?: number | null;
  readonly errorClass?: string | null;
  readonly reward?: number | null;
  readonly startedAt?: string;
}

export interface RecentTransition {
  readonly at?: string | number;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly reason?: string;
  readonly [key: string]: unknown;
}

export interface RecentVerification {
  readonly id: string;
  readonly createdAt: string | number;
  readonly status: string;
  readonly finishReason?: string | null;
  readonly segment: string;
  readonly action?: string;
  readonly attempts: readonly RecentAttempt[];
  readonly transitions: readonly RecentTransition[];
}

export interface RecentResponse {
  readonly verifications: readonly RecentVerification[];
}

export interface RewardWeights {
  readonly completion: number;
  readonly latency: number;
  readonly cost: number;
  readonly referencePrice: number;
  readonly referencePrices: Readonly<Record<string, number>>;
}

export interface RewardBody {
  readonly version?: string;
  readonly weights: RewardWeights;
  readonly overrides?: readonly unknown[];
}

export interface RoutingEntry {
  readonly provider: string;
  readonly premium: boolean;
}

export interface RoutingBody {
  readonly version?: string;
  readonly countries: Readonly<Record<string, readonly RoutingEntry[]>>;
}

export interface ConfigVersionInfo {
  readonly version: string;
  readonly createdAt: string | number;
  readonly createdBy: string;
  readonly active?: boolean;
}

export interface ConfigResponse<Body> extends ConfigVersionInfo {
  readonly body: Body;
  readonly history: readonly ConfigVersionInfo[];
}

export interface WhatIfSide {
  readonly completionRate: number;
  readonly meanLatencyMs: number | null;
  readonly costPerCompletion: number | null;
  readonly meanReward: number;
  readonly shares: Readonly<Record<string, number>>;
}

export interface WhatIfResponse {
  readonly baseline: WhatIfSide;
  readonly proposed: WhatIfSide;
  readonly sampleSize: number;
}

export type GroupBy = 'country' | 'provider' | 'operator' | 'hour';

export interface SummaryRow {
  readonly key: string;
  readonly verifications: number;
  readonly completionRate: number | null;
  readonly timeToVerifyP50Ms: number | null;
  readonly timeToVerifyP95Ms: number | null;
  readonly timeToVerifyP99Ms: number | null;
  readonly fallbackRate: number | null;
  readonly attemptsPerVerification: number | null;
  readonly costPerCompletion: number | null;
  /** Creation time of the earliest verification counted (ISO 8601); null when there is none. */
  readonly firstAt: string | null;
}

export interface SummaryResponse {
  readonly from: string;
  readonly to: string;
  readonly groupBy: GroupBy;
  readonly rows: readonly SummaryRow[];
  readonly totals: Omit<SummaryRow, 'key'> & { readonly key?: string };
}

export interface TimeseriesPoint {
  readonly at: string;
  readonly verifications: number;
  readonly completionRate: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly fallbackRate: number | null;
  readonly costPerCompletion: number | null;
}

export interface TimeseriesResponse {
  readonly from: string;
  /** End of the series (ISO 8601): the request time unless `to` was given. */
  readonly to: string;
  readonly bucketSeconds: number;
  readonly points: readonly TimeseriesPoint[];
}

export interface BenchmarkReport {
  readonly scenario: string;
  readonly markdown: string;
  readonly generatedAt: string;
  readonly commit: string;
  /** SVG chart files of the scenario. */
  readonly charts?: readonly string[];
}

export interface BenchmarksResponse {
  readonly reports: readonly BenchmarkReport[];
}

export type LiveEventType = 'decision' | 'outcome' | 'breaker' | 'change' | 'config' | 'verification';

export interface LiveEvent {
  readonly type: LiveEventType | string;
  readonly at: string | number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** `GET /v1/routing/completion-model`: the engine's completion model (ADR 0007). */
export interface CompletionModelResponse {
  readonly at: string | number;
  readonly halfLifeMs: number;
  readonly minSamples: number;
  readonly buckets: readonly {
    readonly fromMs: number;
    readonly toMs: number | null;
    readonly attempts: number;
    readonly completionRate: number | null;
  }[];
  readonly calibration: readonly {
    readonly country: string;
    readonly provider: string;
    readonly predicted: number;
    readonly completed: number;
    readonly ratio: number;
  }[];
}
