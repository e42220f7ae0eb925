import type { CounterVerdict, DenyCode, GuardVerdict } from './guards/guard.js';
import type { ShiftDetectorSnapshot } from './health/shift-detector.js';
import type { Policy, Selection } from './learning/policy.js';
import type { CompletionModel, CompletionModelSnapshot } from './reward/completion-model.js';
import type { RewardConfig } from './reward/reward-weights.js';
import type { RoutingTable } from './routing-table.js';
import type { AttemptOutcome, ProviderId, RequestContext } from './types.js';

/** One routing request: the first attempt of a verification or a failover. */
export interface RouteRequest {
  readonly ctx: RequestContext;
  /** Providers already tried in this verification, in order. */
  readonly tried: readonly ProviderId[];
  /** Milliseconds left in the verification window. */
  readonly remainingWindowMs: number;
  /** Countries the tenant may send to; undefined = all. */
  readonly allowedCountries?: ReadonlySet<string>;
  /** Verdicts of the stateful counters, computed by the driver before the call. */
  readonly rateLimit?: CounterVerdict;
  readonly pumping?: CounterVerdict;
}

/** Structured explanation of one decision (stored with the attempt, shown on the dashboard). */
export interface Explanation {
  readonly segment: string;
  readonly guards: readonly { readonly guard: string; readonly verdict: GuardVerdict['kind']; readonly reason?: string }[];
  readonly excluded: readonly { readonly provider: ProviderId; readonly guard: string; readonly reason: string }[];
  readonly candidates: readonly { readonly provider: ProviderId; readonly score: number; readonly probability: number }[];
  readonly chosen?: ProviderId;
  readonly propensity?: number;
  readonly policy: string;
  readonly policyVersion: string;
  readonly rewardVersion: string;
  readonly summary: string;
}

export type RouteDecision =
  | {
      readonly kind: 'route';
      readonly provider: ProviderId;
      readonly selection: Selection;
      /** Soft-failure budget for this attempt's receipt, ms. */
      readonly budgetMs: number;
      /** Effective attempt bound for this verification after guards. */
      readonly maxAttempts: number;
      readonly explanation: Explanation;
    }
  | {
      readonly kind: 'refuse';
      readonly code: DenyCode;
      readonly reason: string;
      readonly retryAfterMs?: number;
      readonly explanation: Explanation;
    };

/** Health-relevant observations a driver reports as they happen. */
export type Observation =
  | { readonly type: 'sent' }
  /** `cost`: what the provider charged, when it said (feeds the price-shift check). */
  | { readonly type: 'accepted'; readonly cost?: number }
  | { readonly type: 'rejected'; readonly errorClass: string }
  | { readonly type: 'delivered'; readonly latencyMs: number }
  | { readonly type: 'undelivered'; readonly errorClass: string }
  | { readonly type: 'timeout' }
  | { readonly type: 'completed'; readonly latencyMs: number };

/**
 * The engine facade both drivers (server/, benchmarks/) call: guards -> policy -> explanation
 * on the way in, health and learning on the way back.
 */
/** Plain-JSON state of a routing engine's own learning; null for a part the engine runs without. */
export interface RoutingEngineSnapshot {
  readonly kind: 'routing-engine';
  readonly version: '1';
  readonly state: {
    readonly completion: CompletionModelSnapshot | null;
    readonly shifts: ShiftDetectorSnapshot | null;
  };
}

export interface RoutingEngine {
  readonly policy: Policy;
  /** The completion model behind learning rewards (ADR 0007); absent when the engine learns actual rewards. */
  readonly completion?: CompletionModel;
  decide(request: RouteRequest): RouteDecision;
  /** Feed health and circuit breakers. */
  observe(ctx: RequestContext, provider: ProviderId, observation: Observation, at: number): void;
  /** Reward of an outcome under the current reward config (resolved for the context's tenant and action). No state change. */
  rewardOf(ctx: RequestContext, outcome: AttemptOutcome): number;
  /** Applies an already-computed reward to the policy. Call exactly once per attempt. */
  learn(ctx: RequestContext, provider: ProviderId, reward: number, at: number): void;
  /**
   * Learns from a settled attempt whose actual reward is `reward`: the policy is updated with
   * the completion model's learning reward (engine/reward/completion-model.ts), or with
   * `reward` itself when the engine has none.
   */
  learnOutcome(ctx: RequestContext, provider: ProviderId, outcome: AttemptOutcome, reward: number, at: number): void;
  /** `rewardOf` then `learnOutcome`. Returns the (actual) reward. */
  settle(ctx: RequestContext, provider: ProviderId, outcome: AttemptOutcome, at: number): number;
  setRewardConfig(config: RewardConfig): void;
  setRoutingTable(table: RoutingTable): void;
  /**
   * What the engine itself has learned beside the policy and health (completion model, shift
   * detector), as plain JSON; `restoredLearning` (engine/routing-engine.ts) turns it back
   * into engine options.
   */
  snapshotLearned(): RoutingEngineSnapshot;
  readonly rewardConfig: RewardConfig;
  readonly routingTable: RoutingTable;
}
