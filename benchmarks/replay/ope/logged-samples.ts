import type { DecisionRecord } from '../../../engine/decision-record.js';
import type { RewardWeights } from '../../../engine/reward/reward-weights.js';
import type { ProviderId, RequestContext } from '../../../engine/types.js';
import { inTimeOrder, recordContext, scoreRecord } from '../record-context.js';

/** One logged decision ready for off-policy evaluation. */
export interface LoggedSample {
  readonly ctx: RequestContext;
  readonly segment: string;
  readonly provider: ProviderId;
  /**
   * Providers the logging policy could have chosen, sorted: the keys of the logged probability
   * vector, or (when only the propensity was logged) every provider seen in the segment.
   */
  readonly eligible: readonly ProviderId[];
  /** pi_0(provider | ctx), in (0, 1]. */
  readonly propensity: number;
  readonly loggedProbabilities: Readonly<Record<ProviderId, number>> | null;
  /** Reward re-scored under the evaluation's weights, in [0, 1]. */
  readonly reward: number;
  /** The logged record, when the sample came from one (warm starts re-derive learning rewards from it). */
  readonly record?: DecisionRecord;
}

export interface SampleSkips {
  /** Records without an outcome. */
  readonly unsettled: number;
  /** Settled records without a propensity (usable by model-based replay, not by OPE). */
  readonly noPropensity: number;
}

import { providersBySegment } from '../../../engine/evaluation/decision-log.js';

export { providersBySegment };

/** Settled records with a propensity, in time order, with rewards re-scored under `weights`. */
export function toLoggedSamples(
  records: readonly DecisionRecord[],
  weights: RewardWeights,
): { samples: LoggedSample[]; skipped: SampleSkips } {
  const seen = providersBySegment(records);
  const samples: LoggedSample[] = [];
  let unsettled = 0;
  let noPropensity = 0;
  for (const r of inTimeOrder(records)) {
    const reward = scoreRecord(r, weights);
    if (reward === null) {
      unsettled += 1;
      continue;
    }
    if (r.propensity === null) {
      noPropensity += 1;
      continue;
    }
    const eligible = r.probabilities ? Object.keys(r.probabilities).sort() : (seen.get(r.segment) ?? [r.provider]);
    samples.push({
      ctx: recordContext(r),
      segment: r.segment,
      provider: r.provider,
      eligible,
      propensity: r.propensity,
      loggedProbabilities: r.probabilities,
      reward,
      record: r,
    });
  }
  return { samples, skipped: { unsettled, noPropensity } };
}
