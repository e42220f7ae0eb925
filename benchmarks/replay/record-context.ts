import type { DecisionRecord } from '../../engine/decision-record.js';
import { reward } from '../../engine/reward/reward.js';
import type { RewardWeights } from '../../engine/reward/reward-weights.js';
import type { RequestContext } from '../../engine/types.js';

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

/** Records in time order; equal timestamps keep file order (stable sort). */
export function inTimeOrder(records: readonly DecisionRecord[]): DecisionRecord[] {
  return [...records].sort((a, b) => a.at - b.at);
}
