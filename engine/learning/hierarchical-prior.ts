import type { ProviderId } from '../types.js';
import type { DiscountedLevel } from './beta-arm-stats.js';

/** Normal posterior of one arm's mean reward. */
export interface RewardPosterior {
  /** Posterior mean of the expected reward, in [0, 1]. */
  readonly mean: number;
  /** Posterior variance of the expected reward (rewardVariance / n). */
  readonly variance: number;
  /** Estimated variance of a single reward. */
  readonly rewardVariance: number;
  /** Effective number of observations: own discounted data plus the strength lent by the parent. */
  readonly n: number;
}

/** Bounds of the strength a parent lends a child, in pseudo-observations. */
export interface PriorStrengthBounds {
  /** Largest strength, >= 0 (0: every level starts from the uninformed global prior instead). */
  readonly max: number;
  /** Strength used when the parent has fewer than two children with data, in [0, max]. */
  readonly fallback: number;
}

/** Prior of the global level: mean 1/2, reward variance 1/8, worth 2 observations. */
const ROOT: RewardPosterior = Object.freeze({ mean: 0.5, variance: 1 / 16, rewardVariance: 1 / 8, n: 2 });
/** Floor of the reward variance, so that a run of identical rewards never yields a point mass. */
const MIN_REWARD_VARIANCE = 1e-4;
/** Children with less discounted data than this are left out of the heterogeneity estimate. */
const MIN_CHILD_N = 1;

/**
 * Empirical-Bayes strength m = σ² / τ² that `parent` lends each of its children for
 * `provider`: σ² is the pooled within-child reward variance and τ² the between-child
 * variance of the children's means, estimated by the DerSimonian-Laird moment method
 * (DerSimonian & Laird 1986, "Meta-analysis in clinical trials", Controlled Clinical
 * Trials 7) over the children with n_c >= 1, N = Σ n_c, M = Σ s_c / N:
 *
 *   σ² = Σ (q_c - s_c² / n_c) / N,   Q = Σ n_c (ȳ_c - M)² / σ²,
 *   τ² = max(0, (Q - (K - 1)) σ² / (N - Σ n_c² / N)),   m = clip(σ² / τ², min(1, max), max).
 *
 * Children that agree get a strong prior (up to `max`), an operator that differs from its
 * country (a provider that does not cover it, say) makes the parent lend little. With
 * fewer than two children with data, `fallback`.
 */
export function priorStrength(
  parent: DiscountedLevel,
  provider: ProviderId,
  now: number,
  bounds: PriorStrengthBounds,
): number {
  if (bounds.max === 0) return 0;
  const children = parent.children;
  const c = (childMoments = sized(childMoments, 3 * children.length));
  let k = 0;
  let n = 0;
  let s = 0;
  let within = 0;
  let nSquared = 0;
  for (let i = 0; i < children.length; i++) {
    (children[i] as DiscountedLevel).momentsInto(provider, now, c, 3 * i);
    const cn = c[3 * i] as number;
    if (cn < MIN_CHILD_N) continue;
    const cs = c[3 * i + 1] as number;
    k++;
    n += cn;
    s += cs;
    nSquared += cn * cn;
    within += Math.max(0, (c[3 * i + 2] as number) - (cs * cs) / cn);
  }
  if (k < 2) return bounds.fallback;
  const mean = s / n;
  const sigma2 = Math.max(MIN_REWARD_VARIANCE, within / n);
  let q = 0;
  for (let i = 0; i < children.length; i++) {
    const cn = c[3 * i] as number;
    if (cn < MIN_CHILD_N) continue;
    const d = (c[3 * i + 1] as number) / cn - mean;
    q += (cn * d * d) / sigma2;
  }
  const tau2 = Math.max(0, ((q - (k - 1)) * sigma2) / (n - nSquared / n));
  return tau2 === 0 ? bounds.max : Math.min(bounds.max, Math.max(1, sigma2 / tau2));
}

/*
 * Scratch for the (n, s, q) triples of a refresh, reused across calls so that computing a
 * posterior allocates nothing but its result (the functions are synchronous and not
 * re-entrant, and every slot read is written first in the same call).
 */
let childMoments: Float64Array = new Float64Array(48);
let levelMoments: Float64Array = new Float64Array(12);

function sized(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(Math.max(length, 2 * buffer.length));
}

/**
 * Posterior of `provider`'s mean reward at the most specific of `levels` (most specific
 * first, e.g. `[DE:262-01:standard, DE:*:standard, *:*:standard, *:*:*]`; a missing
 * level has no data), as of time `now`. From the global level down, each level's
 * normal posterior (mean μ, reward variance v, effective count k) is the prior of the
 * next, with strength m = min(k, priorStrength(parent)) (the global level starts from
 * mean 1/2, v = 1/8, k = 2; with bounds.max = 0 every level does). A level's own data is its moments **minus those of the
 * level below it in the chain** (leave-one-out), so a segment's evidence is counted once,
 * not again through its parents. With own moments (n, s, q):
 *
 *   μ' = (m μ + s) / (m + n),   v' = (m v + q - s² / n) / (m + n),   k' = m + n,
 *
 * and the result's variance of the mean is v' / k' (conjugate normal model with the
 * reward variance estimated rather than assumed Bernoulli: rewards in [0, 1] with a
 * completion mass near 0.85 vary far less than a coin with the same mean, so the
 * posterior concentrates faster than a Beta with fractional counts). So a new operator
 * starts from what its country's other operators know, as strongly as they agree.
 * References: Gelman et al., "Bayesian Data Analysis", 3rd ed., ch. 5 (hierarchical
 * normal model); Efron & Morris 1975 (empirical-Bayes shrinkage).
 */
export function hierarchicalPosterior(
  levels: readonly (DiscountedLevel | undefined)[],
  provider: ProviderId,
  now: number,
  bounds: PriorStrengthBounds,
): RewardPosterior {
  let mean = ROOT.mean;
  let v = ROOT.rewardVariance;
  let k = ROOT.n;
  const top = levels.length - 1;
  const all = (levelMoments = sized(levelMoments, 3 * levels.length));
  for (let l = 0; l <= top; l++) {
    const level = levels[l];
    if (level === undefined) all.fill(0, 3 * l, 3 * l + 3);
    else level.momentsInto(provider, now, all, 3 * l);
  }
  for (let l = top; l >= 0; l--) {
    let n = all[3 * l] as number;
    let s = all[3 * l + 1] as number;
    let q = all[3 * l + 2] as number;
    if (l > 0 && levels[l - 1] !== undefined) {
      n = Math.max(0, n - (all[3 * l - 3] as number));
      s = Math.max(0, s - (all[3 * l - 2] as number));
      q = Math.max(0, q - (all[3 * l - 1] as number));
    }
    const parent = levels[l + 1];
    let m = l === top ? k : Math.min(k, parent === undefined ? bounds.fallback : priorStrength(parent, provider, now, bounds));
    if (bounds.max === 0) {
      mean = ROOT.mean;
      v = ROOT.rewardVariance;
      m = ROOT.n;
    }
    if (n > 0) {
      const within = Math.max(0, q - (s * s) / n);
      mean = Math.min(1, Math.max(0, (m * mean + s) / (m + n)));
      v = Math.max(MIN_REWARD_VARIANCE, (m * v + within) / (m + n));
    }
    k = m + n;
  }
  return { mean, variance: k > 0 ? v / k : Infinity, rewardVariance: v, n: k };
}

/** Largest Beta concentration alpha + beta produced by {@link betaMatching}. */
const MAX_CONCENTRATION = 1e7;

/**
 * The Beta(alpha, beta) with the given mean and variance (method of moments), widened if
 * needed so that both shapes are >= 1 (a bounded density):
 *
 *   alpha + beta = κ = mean (1 - mean) / variance - 1,  alpha = mean κ,  beta = (1 - mean) κ,
 *
 * with κ clipped to [1 / min(mean, 1 - mean), 1e7]. Gives the normal posterior a [0, 1]
 * support for the credible intervals that `estimates` reports (selection uses the normal
 * posterior itself).
 */
export function betaMatching(mean: number, variance: number): { alpha: number; beta: number } {
  const mu = Math.min(1 - 1e-9, Math.max(1e-9, mean));
  const lowest = 1 / Math.min(mu, 1 - mu);
  const kappa = variance > 0 ? (mu * (1 - mu)) / variance - 1 : MAX_CONCENTRATION;
  const c = Math.min(MAX_CONCENTRATION, Math.max(lowest, kappa));
  // max(1, .) only absorbs rounding: c >= 1 / min(mu, 1 - mu) already makes both shapes >= 1.
  return { alpha: Math.max(1, mu * c), beta: Math.max(1, (1 - mu) * c) };
}
