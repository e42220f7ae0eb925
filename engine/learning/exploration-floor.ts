/** Default minimum selection probability per eligible provider for learning policies. */
export const DEFAULT_EXPLORATION_FLOOR = 0.01;

/**
 * Mixes a uniform floor into a probability vector, in place:
 * p'_i = (1 - k * floor) * p_i + floor, for k arms. Keeps logged propensities >= floor
 * so inverse-propensity weights stay bounded by 1 / floor.
 *
 * When k * floor >= 1 the result is uniform.
 * @throws RangeError when floor is outside [0, 1)
 */
export function applyExplorationFloor(probabilities: Float64Array, floor: number): Float64Array {
  if (!(floor >= 0 && floor < 1)) throw new RangeError(`explorationFloor must be in [0, 1), got ${floor}`);
  const k = probabilities.length;
  if (k === 0 || floor === 0) return probabilities;
  if (k * floor >= 1) return probabilities.fill(1 / k);
  const keep = 1 - k * floor;
  for (let i = 0; i < k; i++) probabilities[i] = keep * (probabilities[i] ?? 0) + floor;
  return probabilities;
}

/** Validates an exploration floor for `k` arms. @throws RangeError naming `explorationFloor` */
export function validateExplorationFloor(floor: number): number {
  if (!(typeof floor === 'number' && floor >= 0 && floor <= 0.2)) {
    throw new RangeError(`explorationFloor must be a number in [0, 0.2], got ${String(floor)}`);
  }
  return floor;
}
