import { betaCdf } from './beta-cdf.js';

/** Half-width of each posterior's support window, in posterior standard deviations. */
const SD_SPAN = 7;
const MIN_CELLS = 128;
const CELLS_PER_SD = 8;
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
 * there. Arms with mu_i + 7 sd_i < L get 0. The grid has at least 128 cells and at least
 * 8 per standard deviation of the narrowest arm (at most 2048). Each F_j starts at the
 * exact I_L(a_j, b_j) and grows by the cumulative trapezoid of the unnormalised density,
 * scaled to the exact mass I_H - I_L (no normalising constant on the grid). The
 * Stieltjes sum uses the mean of Π_{j≠i} F_j at both ends of a cell, which telescopes
 * exactly for two arms. Arms with identical (a, b) receive identical probabilities;
 * the result is renormalised to sum to 1. Accuracy: within 1e-3 of a 200k-draw
 * Monte-Carlo in the tests, for shapes from Beta(1, 1) to Beta(900, 100).
 *
 * @param alpha Beta shape a_i >= 1 per arm (so densities are bounded).
 * @param beta Beta shape b_i >= 1 per arm.
 * @throws RangeError when the arrays differ in length, are empty, or a shape is < 1 or not finite
 */
export function probabilityBest(alpha: ArrayLike<number>, beta: ArrayLike<number>): Float64Array {
  const k = alpha.length;
  if (k === 0 || beta.length !== k)
    throw new RangeError(`alpha and beta must be non-empty and of equal length, got ${k} and ${beta.length}`);
  const mu = new Float64Array(k);
  const sd = new Float64Array(k);
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
  const p = new Float64Array(k);
  if (k === 1) return p.fill(1);
  high = Math.min(1, high);
  const active: number[] = [];
  let narrowest = Infinity;
  for (let i = 0; i < k; i++) {
    if ((mu[i] ?? 0) + SD_SPAN * (sd[i] ?? 0) >= low) {
      active.push(i);
      narrowest = Math.min(narrowest, sd[i] ?? Infinity);
    }
  }
  const cells = Math.min(MAX_CELLS, Math.max(MIN_CELLS, Math.ceil(((high - low) * CELLS_PER_SD) / narrowest)));
  const cdf = cumulativeOnGrid(alpha, beta, active, low, high, cells);
  stieltjesSum(cdf, active.length, cells + 1, active, p);
  equaliseTies(alpha, beta, p);
  return normalise(p, mu);
}

/** F_j at the grid points, row-major by arm (active arms only). */
function cumulativeOnGrid(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  active: readonly number[],
  low: number,
  high: number,
  cells: number,
): Float64Array {
  const points = cells + 1;
  const h = (high - low) / cells;
  const logX = new Float64Array(points);
  const log1mX = new Float64Array(points);
  for (let g = 0; g < points; g++) {
    const x = g === cells ? high : low + g * h;
    logX[g] = Math.log(x);
    log1mX[g] = Math.log1p(-x);
  }
  const cdf = new Float64Array(active.length * points);
  const density = new Float64Array(points);
  for (let r = 0; r < active.length; r++) {
    const i = active[r] ?? 0;
    const am1 = (alpha[i] ?? 1) - 1;
    const bm1 = (beta[i] ?? 1) - 1;
    let peak = -Infinity;
    for (let g = 0; g < points; g++) {
      // 0 * log(0) is 0 here: shape 1 means a flat factor, also at the boundary.
      const v = (am1 === 0 ? 0 : am1 * (logX[g] ?? 0)) + (bm1 === 0 ? 0 : bm1 * (log1mX[g] ?? 0));
      density[g] = v;
      if (v > peak) peak = v;
    }
    for (let g = 0; g < points; g++) density[g] = Math.exp((density[g] ?? 0) - peak);
    const start = betaCdf(low, alpha[i] ?? 1, beta[i] ?? 1);
    const mass = betaCdf(high, alpha[i] ?? 1, beta[i] ?? 1) - start;
    const row = r * points;
    let acc = 0;
    cdf[row] = 0;
    for (let g = 1; g < points; g++) {
      acc += (density[g - 1] ?? 0) + (density[g] ?? 0);
      cdf[row + g] = acc;
    }
    const scale = acc > 0 ? mass / acc : 0;
    for (let g = 0; g < points; g++) cdf[row + g] = start + scale * (cdf[row + g] ?? 0);
  }
  return cdf;
}

/** p_i += Σ_cells ΔF_i * mean of Π_{j≠i} F_j at the cell ends (prefix/suffix products, no division). */
function stieltjesSum(
  cdf: Float64Array,
  arms: number,
  points: number,
  active: readonly number[],
  p: Float64Array,
): void {
  const prev = new Float64Array(arms);
  const curr = new Float64Array(arms);
  const acc = new Float64Array(arms);
  for (let g = 0; g < points; g++) {
    let prefix = 1;
    for (let r = 0; r < arms; r++) {
      curr[r] = prefix;
      prefix *= cdf[r * points + g] ?? 1;
    }
    let suffix = 1;
    for (let r = arms - 1; r >= 0; r--) {
      curr[r] = (curr[r] ?? 1) * suffix;
      suffix *= cdf[r * points + g] ?? 1;
    }
    if (g > 0) {
      for (let r = 0; r < arms; r++) {
        const dF = (cdf[r * points + g] ?? 0) - (cdf[r * points + g - 1] ?? 0);
        acc[r] = (acc[r] ?? 0) + dF * 0.5 * ((prev[r] ?? 0) + (curr[r] ?? 0));
      }
    }
    prev.set(curr);
  }
  for (let r = 0; r < arms; r++) p[active[r] ?? 0] = acc[r] ?? 0;
}

/** Arms with bit-identical posteriors get the mean of their probabilities, so ties are exact. */
function equaliseTies(alpha: ArrayLike<number>, beta: ArrayLike<number>, p: Float64Array): void {
  const k = p.length;
  const done = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    if (done[i]) continue;
    let sum = p[i] ?? 0;
    let count = 1;
    for (let j = i + 1; j < k; j++) {
      if (alpha[j] === alpha[i] && beta[j] === beta[i]) {
        sum += p[j] ?? 0;
        count++;
      }
    }
    if (count === 1) continue;
    for (let j = i; j < k; j++) {
      if (alpha[j] === alpha[i] && beta[j] === beta[i]) {
        p[j] = sum / count;
        done[j] = 1;
      }
    }
  }
}

/** Scales to sum 1; a numerically empty vector falls back to the highest mean (lowest index on ties). */
function normalise(p: Float64Array, mu: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += Math.max(0, p[i] ?? 0);
  if (!(total > 0)) {
    let best = 0;
    for (let i = 1; i < mu.length; i++) if ((mu[i] ?? 0) > (mu[best] ?? 0)) best = i;
    p.fill(0);
    p[best] = 1;
    return p;
  }
  for (let i = 0; i < p.length; i++) p[i] = Math.max(0, p[i] ?? 0) / total;
  return p;
}
