import { sampleIndex } from '../rng.js';
import type { ProviderId } from '../types.js';
import type { PolicyKind, Selection } from './policy.js';

/**
 * Builds a {@link Selection} by sampling one provider from `probabilities` with one
 * uniform draw `u`. Because the choice is drawn from exactly this vector, the logged
 * propensity is exact by construction.
 */
export function makeSelection(
  policy: PolicyKind,
  version: string,
  eligible: readonly ProviderId[],
  probabilities: Float64Array,
  scores: ArrayLike<number>,
  u: number,
): Selection {
  const index = sampleIndex(probabilities, u);
  const probs: Record<ProviderId, number> = {};
  const sc: Record<ProviderId, number> = {};
  for (let i = 0; i < eligible.length; i++) {
    const id = eligible[i] as ProviderId;
    probs[id] = probabilities[i] ?? 0;
    sc[id] = scores[i] ?? 0;
  }
  const provider = eligible[index] as ProviderId;
  return { provider, probabilities: probs, propensity: probabilities[index] ?? 0, scores: sc, policy, version };
}

/** @throws RangeError when `eligible` is empty or has duplicates */
export function assertEligible(eligible: readonly ProviderId[]): void {
  if (eligible.length === 0) throw new RangeError('eligible must contain at least one provider');
  if (new Set(eligible).size !== eligible.length) throw new RangeError('eligible must not contain duplicates');
}

/** Index of the maximum; ties go to the lowest index (explicit, tested). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}
