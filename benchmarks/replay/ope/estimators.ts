/**
 * Off-policy value estimators over per-sample terms (Dudik, Langford & Li 2011, "Doubly Robust
 * Policy Evaluation and Learning", ICML). With w_i = pi_e(a_i|x_i) / pi_0(a_i|x_i) and a reward
 * model q(x, a):
 *
 *   clipped IPS  V = 1/n sum_i min(w_i, M) r_i
 *   SNIPS        V = sum_i w_i r_i / sum_i w_i                       (Swaminathan & Joachims 2015)
 *   DM           V = 1/n sum_i sum_a pi_e(a|x_i) q(x_i, a)
 *   DR           V = 1/n sum_i [ sum_a pi_e(a|x_i) q(x_i, a) + min(w_i, M) (r_i - q(x_i, a_i)) ]
 *
 * Clipping at M trades a bias bounded by the clipped mass for bounded variance; it is exact
 * when every weight is <= M. SNIPS is left unclipped: self-normalisation already bounds it in [0, 1].
 */

export const ESTIMATORS = ['ips', 'snips', 'dm', 'dr'] as const;
export type Estimator = (typeof ESTIMATORS)[number];

/** Per-sample inputs of the estimators, aligned by index. */
export interface OpeTerms {
  readonly reward: Float64Array;
  /** Unclipped importance weights. */
  readonly weight: Float64Array;
  /** q(x_i, a_i): the model at the logged action. */
  readonly modelAtLogged: Float64Array;
  /** sum_a pi_e(a|x_i) q(x_i, a): the model's value of the target policy at x_i. */
  readonly modelUnderTarget: Float64Array;
}

/**
 * All four estimates over `indices` (a bootstrap resample) or over every sample.
 * An empty sample, or SNIPS with sum w = 0, gives NaN: there is no evidence to report.
 */
export function estimateAll(terms: OpeTerms, clip: number, indices?: ArrayLike<number>): Record<Estimator, number> {
  const n = indices ? indices.length : terms.reward.length;
  let ips = 0;
  let wr = 0;
  let w = 0;
  let dm = 0;
  let dr = 0;
  for (let k = 0; k < n; k++) {
    const i = indices ? (indices[k] as number) : k;
    const r = terms.reward[i] as number;
    const wi = terms.weight[i] as number;
    const wc = Math.min(wi, clip);
    const base = terms.modelUnderTarget[i] as number;
    ips += wc * r;
    wr += wi * r;
    w += wi;
    dm += base;
    dr += base + wc * (r - (terms.modelAtLogged[i] as number));
  }
  return { ips: ips / n, snips: w > 0 ? wr / w : NaN, dm: dm / n, dr: dr / n };
}

/** Kish's effective sample size (sum w)^2 / sum w^2, with each weight clipped at `clip`; 0 when all weights are 0. */
export function effectiveSampleSize(weights: ArrayLike<number>, clip = Infinity): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.min(weights[i] as number, clip);
    s += w;
    s2 += w * w;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

export function maxWeight(weights: ArrayLike<number>, clip = Infinity): number {
  let m = 0;
  for (let i = 0; i < weights.length; i++) m = Math.max(m, Math.min(weights[i] as number, clip));
  return m;
}
