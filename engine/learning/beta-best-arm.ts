import { simpsonBest, trapezoidBest } from './best-arm-quadrature.js';

/** Half-width of each posterior's support window, in posterior standard deviations. */
const SD_SPAN = 7;
/** Grid of the trapezoid rule: at least 128 cells, 8 per sd of the narrowest arm. */
const TRAPEZOID_CELLS = { min: 128, perSd: 8 } as const;
/** Grid of the fourth-order rule: at least 32 cells, 3 per sd of the narrowest arm. */
const SIMPSON_CELLS = { min: 32, perSd: 3 } as const;
const MAX_CELLS = 2048;

/**
 * Probability that each arm's Beta posterior draw is the largest: the exact Thompson
 * sampling selection probabilities (Agrawal & Goyal 2012, "Analysis of Thompson
 * Sampling for the Multi-armed Bandit Problem"), computed by 1-D quadrature instead
 * of by sampling, so the propensity of a probability-matching choice is known:
 *
 *   P(i best) = ∫ Π_{j≠i} F_j(x) dF_i(x)
 *
 * The integral runs over [L, H] with L = max_i(mu_i - 7 sd_i) and H = max_i(mu_i + 7 sd_i)
 * clipped to [0, 1]: below L some arm is above x with probability ~1, so no arm is best
 * there. Arms with mu_i + 7 sd_i < L get 0. F_j is anchored at the exact I_L(a_j, b_j) and
 * scaled to the exact mass I_H - I_L (no normalising constant on the grid). When every
 * density is smooth on [L, H] the fourth-order rule of {@link simpsonBest} runs on at least
 * 32 cells and 3 per standard deviation of the narrowest arm; when some density has an
 * infinite slope at a boundary of [L, H] (shape in (1, 2) with L = 0 or H = 1, i.e. a
 * posterior with almost no data) the trapezoid rule of {@link trapezoidBest} runs on at least
 * 128 cells and 8 per standard deviation (both at most 2048). Arms with identical (a, b)
 * receive identical probabilities; the result is renormalised to sum to 1. Accuracy: within
 * 1e-3 of a 200k-draw Monte-Carlo in the tests, for shapes from Beta(1, 1) to Beta(900, 100);
 * on smooth posteriors within 5e-4 (mean 1e-5) of a 16k-cell reference, 2.7x closer than the
 * trapezoid rule on 128 cells that it replaced there, at a quarter of the points.
 *
 * @param alpha Beta shape a_i >= 1 per arm (so densities are bounded).
 * @param beta Beta shape b_i >= 1 per arm.
 * @param out where to write the result instead of a new array (same length as alpha)
 * @throws RangeError when the arrays differ in length, are empty, `out` has another length, or a
 *   shape is < 1 or not finite
 */
export function probabilityBest(alpha: ArrayLike<number>, beta: ArrayLike<number>, out?: Float64Array): Float64Array {
  const k = alpha.length;
  if (k === 0 || beta.length !== k)
    throw new RangeError(`alpha and beta must be non-empty and of equal length, got ${k} and ${beta.length}`);
  if (out !== undefined && out.length !== k) throw new RangeError(`out must have length ${k}, got ${out.length}`);
  if (means.length < k) {
    means = new Float64Array(Math.max(k, 2 * means.length));
    spread = new Float64Array(means.length);
    unnormalised = new Float64Array(means.length);
  }
  const mu = means;
  const sd = spread;
  let low = 0;
  let high = 0;
  for (let i = 0; i < k; i++) {
    const a = alpha[i] ?? NaN;
    const b = beta[i] ?? NaN;
    if (!(a >= 1 && b >= 1 && Number.isFinite(a + b)))
      throw new RangeError(`Beta shapes must be finite and >= 1, got (${a}, ${b}) at ${i}`);
    const n = a + b;
    mu[i] = a / n;
    sd[i] = Math.sqrt((a * b) / (n * n * (n + 1)));
    low = Math.max(low, (mu[i] ?? 0) - SD_SPAN * (sd[i] ?? 0));
    high = Math.max(high, (mu[i] ?? 0) + SD_SPAN * (sd[i] ?? 0));
  }
  const p = out === undefined ? new Float64Array(k) : out.fill(0);
  if (k === 1) return p.fill(1);
  high = Math.min(1, high);
  const active = activeArms;
  active.length = 0;
  let narrowest = Infinity;
  let rough = false;
  for (let i = 0; i < k; i++) {
    if ((mu[i] ?? 0) + SD_SPAN * (sd[i] ?? 0) >= low) {
      active.push(i);
      narrowest = Math.min(narrowest, sd[i] ?? Infinity);
      rough ||= hasSteepEdge(alpha[i] ?? 1, low <= 0) || hasSteepEdge(beta[i] ?? 1, high >= 1);
    }
  }
  const rule = rough ? TRAPEZOID_CELLS : SIMPSON_CELLS;
  const cells = Math.min(MAX_CELLS, Math.max(rule.min, Math.ceil(((high - low) * rule.perSd) / narrowest)));
  const grid = { alpha, beta, active, low, high, cells: rough ? cells : cells + (cells % 2) };
  const best = rough ? trapezoidBest(grid, unnormalised) : simpsonBest(grid, unnormalised);
  for (let r = 0; r < active.length; r++) p[active[r] ?? 0] = best[r] ?? 0;
  equaliseTies(alpha, beta, p);
  return normalise(p, mu);
}

/*
 * Scratch reused across calls (synchronous, every slot read is written first): means,
 * standard deviations, the rules' unnormalised output and the active arms handed to them.
 */
let means: Float64Array = new Float64Array(8);
let spread: Float64Array = new Float64Array(8);
let unnormalised: Float64Array = new Float64Array(8);
const activeArms: number[] = [];

/** A factor x^(s-1) with s in (1, 2) at an end of the support the grid reaches has an infinite slope there. */
function hasSteepEdge(shape: number, reachesEdge: boolean): boolean {
  return reachesEdge && shape > 1 && shape < 2;
}

/** Arms with bit-identical posteriors get the mean of their probabilities, so ties are exact. */
function equaliseTies(alpha: ArrayLike<number>, beta: ArrayLike<number>, p: Float64Array): void {
  const k = p.length;
  groups: for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) if (alpha[j] === alpha[i] && beta[j] === beta[i]) continue groups;
    let sum = p[i] ?? 0;
    let count = 1;
    for (let j = i + 1; j < k; j++) {
      if (alpha[j] === alpha[i] && beta[j] === beta[i]) {
        sum += p[j] ?? 0;
        count++;
      }
    }
    if (count === 1) continue;
    for (let j = i; j < k; j++) if (alpha[j] === alpha[i] && beta[j] === beta[i]) p[j] = sum / count;
  }
}

/** Scales to sum 1; a numerically empty vector falls back to the highest mean (lowest index on ties). */
function normalise(p: Float64Array, mu: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += Math.max(0, p[i] ?? 0);
  if (!(total > 0)) {
    let best = 0;
    for (let i = 1; i < p.length; i++) if ((mu[i] ?? 0) > (mu[best] ?? 0)) best = i;
    p.fill(0);
    p[best] = 1;
    return p;
  }
  for (let i = 0; i < p.length; i++) p[i] = Math.max(0, p[i] ?? 0) / total;
  return p;
}
