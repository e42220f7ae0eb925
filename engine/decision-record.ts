import type { Action, ProviderId, RouteClass } from './types.js';

/**
 * One logged routing decision with its outcome: a row of the service's decision export
 * (`GET /v1/export/decisions`, JSON Lines) and the input of offline evaluation in
 * benchmarks/. No phone number or phone hash ever appears here.
 *
 * Outcome fields are stored separately from the reward so that a new reward function can
 * be computed from the log (Open Bandit Pipeline's `pscore` + outcome convention).
 */
export interface DecisionRecord {
  readonly attemptId: string;
  /** Opaque id grouping the attempts of one verification. */
  readonly verificationId: string;
  /** 1 for the first attempt, 2 for the first failover, ... */
  readonly attemptNumber: number;
  /** Epoch ms of the decision. */
  readonly at: number;
  readonly context: {
    readonly country: string;
    readonly operator: string;
    readonly routeClass: RouteClass;
    readonly action: Action;
    readonly tenant: string;
    readonly fraudScore: number;
    readonly windowMs: number;
  };
  readonly segment: string;
  readonly provider: ProviderId;
  /** Probability the logging policy chose `provider`; null when the logger did not record it. */
  readonly propensity: number | null;
  /** Full probability vector over the eligible providers; null when not recorded. */
  readonly probabilities: Readonly<Record<ProviderId, number>> | null;
  readonly policy: string;
  readonly policyVersion: string;
  readonly rewardVersion: string;
  /** null while the attempt is not settled yet. */
  readonly outcome: {
    readonly accepted: boolean;
    readonly delivered: boolean;
    readonly completed: boolean;
    readonly latencyMs: number;
    readonly cost: number;
    /**
     * Ms from the verification's request to the first sign the code landed (delivered receipt
     * or completion), when one came before settlement: what the engine's completion model
     * conditions its learning reward on (ADR 0007). Absent in logs that do not record it.
     */
    readonly signalMs?: number;
  } | null;
  /** Reward under the reward version in force when it was settled; null while unsettled. */
  readonly reward: number | null;
}
