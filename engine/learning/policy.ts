import type { ProviderId, RequestContext, ShiftKind, Snapshot } from '../types.js';

/** Every policy kind the factory can build. */
export const POLICY_KINDS = [
  'discounted-ts',
  'linear-ts',
  'linucb',
  'static-chain',
  'round-robin',
  'epsilon-greedy',
  'ucb1',
  'sw-success-rate',
] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/**
 * The result of one `select`. `probabilities` covers exactly the eligible providers
 * and sums to 1; `propensity === probabilities[provider]` is the probability the
 * policy chose `provider` (logged for off-policy evaluation).
 */
export interface Selection {
  readonly provider: ProviderId;
  readonly probabilities: Readonly<Record<ProviderId, number>>;
  readonly propensity: number;
  /** Policy-specific score per eligible provider (posterior mean, UCB index, ...). Higher is better. */
  readonly scores: Readonly<Record<ProviderId, number>>;
  readonly policy: PolicyKind;
  readonly version: string;
}

/** One settled reward for a past selection. */
export interface Feedback {
  readonly ctx: RequestContext;
  readonly provider: ProviderId;
  /** Reward in [0, 1]. */
  readonly reward: number;
  /** Epoch ms at which the reward became known (from the injected clock). */
  readonly at: number;
}

/** Per-provider estimate a policy exposes for the dashboard and `/v1/routing/segments`. */
export interface ArmEstimate {
  readonly provider: ProviderId;
  /** Estimated mean reward in [0, 1]. */
  readonly mean: number;
  /** Lower and upper bounds of a ~90% credible/confidence interval on the mean. */
  readonly lower: number;
  readonly upper: number;
  /** Effective number of observations behind the estimate (after discounting). */
  readonly n: number;
}

/** A change detected by a policy's change detector (used as a dashboard marker). */
export interface ChangeEvent {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly at: number;
  readonly detector: string;
}

/**
 * A routing policy: config + state (STYLE.md 3). Policies own mutable learned state
 * but never mutate their inputs.
 */
export interface Policy {
  readonly kind: PolicyKind;
  readonly version: string;
  /**
   * Chooses one of `eligible` (non-empty, no duplicates) for `ctx`.
   * @throws RangeError when `eligible` is empty
   */
  select(ctx: RequestContext, eligible: readonly ProviderId[]): Selection;
  /** Applies one settled reward. */
  update(feedback: Feedback): void;
  /** Current estimates for `providers` in `ctx`'s segment (no RNG draws, no state change). */
  estimates(ctx: RequestContext, providers: readonly ProviderId[]): ArmEstimate[];
  /** Changes detected since the last call (drains the buffer). */
  drainChanges(): ChangeEvent[];
  /**
   * Evidence from outside the reward stream that `provider`'s conditions in `ctx`'s segment
   * changed at `at`: its delivery latency or its price moved (`kind`; engine/health/shift-detector).
   * Optional: a policy with long memory discounts what it learned there before; policies
   * without it ignore the signal.
   */
  notifyShift?(ctx: RequestContext, provider: ProviderId, at: number, kind: ShiftKind): void;
  snapshot(): Snapshot<PolicyKind>;
  /** @throws TypeError when the snapshot is of another kind or malformed */
  restore(snapshot: Snapshot<PolicyKind>): void;
}
