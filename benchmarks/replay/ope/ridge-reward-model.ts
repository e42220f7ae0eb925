import { Matrix, solve } from 'ml-matrix';
import { FEATURE_DIMENSION, featureVector } from '../../../engine/context/features.js';
import type { ProviderId, RequestContext } from '../../../engine/types.js';

/** q_hat(x, a): a model of the expected reward of `provider` in a context, in [0, 1]. */
export interface RewardModel {
  predict(ctx: RequestContext, segment: string, provider: ProviderId): number;
}

/** Ridge penalty; small next to the thousands of rows a trace has, so it only fixes collinearity. */
export const DEFAULT_RIDGE_LAMBDA = 1;
/** Most frequent segments that get their own indicator feature; the rest share the base features. */
export const DEFAULT_MAX_SEGMENT_FEATURES = 64;

export interface RidgeOptions {
  readonly lambda?: number;
  readonly maxSegments?: number;
}

interface Observation {
  readonly ctx: RequestContext;
  readonly segment: string;
  readonly provider: ProviderId;
  readonly reward: number;
}

/**
 * Fits one ridge regression per provider, beta_a = (X_a'X_a + lambda I)^-1 X_a'y_a, over the
 * engine's context features (engine/context/features.ts: hour, action, fraud band, route class,
 * operator bucket) plus a one-hot of the segment, since the base features carry no country.
 * Solved with ml-matrix (LU). Predictions are clamped to [0, 1]; a provider absent from the
 * data predicts the overall mean reward. Used as the direct method's model (Dudik et al. 2011).
 * @throws RangeError when lambda <= 0 or maxSegments is not a non-negative integer
 */
export function fitRidgeRewardModel(data: readonly Observation[], options: RidgeOptions = {}): RewardModel {
  const lambda = options.lambda ?? DEFAULT_RIDGE_LAMBDA;
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENT_FEATURES;
  if (!(lambda > 0 && Number.isFinite(lambda)))
    throw new RangeError(`lambda must be a finite number > 0, got ${lambda}`);
  if (!(Number.isInteger(maxSegments) && maxSegments >= 0))
    throw new RangeError(`maxSegments must be an integer >= 0, got ${maxSegments}`);

  const counts = new Map<string, number>();
  for (const o of data) counts.set(o.segment, (counts.get(o.segment) ?? 0) + 1);
  const segments = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxSegments);
  const segmentIndex = new Map(segments.map(([s], i) => [s, FEATURE_DIMENSION + i]));
  const d = FEATURE_DIMENSION + segments.length;
  const base = new Float64Array(FEATURE_DIMENSION);
  const encode = (ctx: RequestContext, segment: string, out: Float64Array): Float64Array => {
    out.fill(0);
    out.set(featureVector(ctx, base));
    const j = segmentIndex.get(segment);
    if (j !== undefined) out[j] = 1;
    return out;
  };

  const acc = new Map<ProviderId, { xtx: Float64Array; xty: Float64Array }>();
  const x = new Float64Array(d);
  let total = 0;
  for (const o of data) {
    let a = acc.get(o.provider);
    if (!a) acc.set(o.provider, (a = { xtx: new Float64Array(d * d), xty: new Float64Array(d) }));
    encode(o.ctx, o.segment, x);
    for (let i = 0; i < d; i++) {
      const xi = x[i] as number;
      if (xi === 0) continue;
      a.xty[i] = (a.xty[i] as number) + xi * o.reward;
      for (let j = 0; j < d; j++) a.xtx[i * d + j] = (a.xtx[i * d + j] as number) + xi * (x[j] as number);
    }
    total += o.reward;
  }
  const fallback = data.length > 0 ? total / data.length : 0;

  const betas = new Map<ProviderId, Float64Array>();
  for (const [provider, a] of acc) {
    const A = new Matrix(d, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) A.set(i, j, (a.xtx[i * d + j] as number) + (i === j ? lambda : 0));
    const beta = solve(A, Matrix.columnVector(Array.from(a.xty)));
    betas.set(provider, Float64Array.from(beta.getColumn(0)));
  }

  const scratch = new Float64Array(d);
  return {
    predict(ctx, segment, provider) {
      const beta = betas.get(provider);
      if (!beta) return fallback;
      encode(ctx, segment, scratch);
      let y = 0;
      for (let i = 0; i < d; i++) y += (beta[i] as number) * (scratch[i] as number);
      return Math.min(1, Math.max(0, y));
    },
  };
}
