import type { DecisionRecord } from '../decision-record.js';
import type { Feedback, Selection } from '../learning/policy.js';
import type { CompletionModel } from '../reward/completion-model.js';
import { reward } from '../reward/reward.js';
import type { RewardWeights } from '../reward/reward-weights.js';
import type { ProviderId, RequestContext } from '../types.js';

/**
 * What a what-if needs from a policy: learn from feedback, then give its probability vector
 * for a context. Every engine {@link import('../learning/policy.js').Policy} satisfies it.
 */
export interface EvaluationPolicy {
  select(ctx: RequestContext, eligible: readonly ProviderId[]): Pick<Selection, 'provider' | 'probabilities'>;
  update(feedback: Feedback): void;
}

/** The request context a logged decision was made in. */
export function recordContext(r: DecisionRecord): RequestContext {
  return { ...r.context, at: r.at };
}

/**
 * Reward of a logged outcome re-scored under `weights` (engine/reward/reward.ts), or null when
 * the attempt is not settled. The logged `reward` field is ignored on purpose: it was computed
 * under whatever weights were in force then.
 */
export function scoreRecord(r: DecisionRecord, weights: RewardWeights): number | null {
  if (r.outcome === null) return null;
  return reward({ ...r.outcome, windowMs: r.context.windowMs, country: r.context.country }, weights);
}

/**
 * The reward a policy learning from `r` is taught under `weights`, as the engine would teach it:
 * through `model` (the engine's completion model, ADR 0007, which also counts the outcome) when
 * given, else the re-scored reward. Outcomes without `signalMs` are taught as re-scored. Null
 * when the attempt is not settled.
 */
export function learningRewardOf(r: DecisionRecord, weights: RewardWeights, model?: CompletionModel): number | null {
  if (r.outcome === null) return null;
  const outcome = { ...r.outcome, windowMs: r.context.windowMs, country: r.context.country };
  const actual = reward(outcome, weights);
  return model ? model.learningReward(recordContext(r), r.provider, outcome, actual, weights, r.at) : actual;
}

/** Records in time order; equal timestamps keep input order (stable sort). */
export function inTimeOrder(records: readonly DecisionRecord[]): DecisionRecord[] {
  return [...records].sort((a, b) => a.at - b.at);
}

/** Providers seen per segment in the log, each list in code-unit order. */
export function providersBySegment(records: readonly DecisionRecord[]): Map<string, ProviderId[]> {
  const sets = new Map<string, Set<ProviderId>>();
  for (const r of records) {
    let s = sets.get(r.segment);
    if (!s) sets.set(r.segment, (s = new Set()));
    s.add(r.provider);
  }
  return new Map([...sets].map(([seg, s]) => [seg, [...s].sort()]));
}
