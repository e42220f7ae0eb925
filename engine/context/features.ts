import { ACTIONS, UNKNOWN_OPERATOR, type RequestContext } from '../types.js';

/** Fraud-score bands used as a feature and by guards: low < 0.3 <= medium < 0.7 <= high. */
export const FRAUD_BANDS = ['low', 'medium', 'high'] as const;
export type FraudBand = (typeof FRAUD_BANDS)[number];

export function fraudBand(score: number): FraudBand {
  if (score < 0.3) return 'low';
  return score < 0.7 ? 'medium' : 'high';
}

/** Operators are hashed into this many one-hot buckets (bucket 0 is reserved for `unknown`). */
export const OPERATOR_BUCKETS = 8;

/**
 * Names of the feature vector's entries, in order:
 * bias, hour of day as sin/cos (UTC), action one-hot, fraud band one-hot,
 * premium route class, operator bucket one-hot.
 */
export const FEATURE_NAMES: readonly string[] = [
  'bias',
  'hour_sin',
  'hour_cos',
  ...ACTIONS.map((a) => `action_${a}`),
  ...FRAUD_BANDS.map((b) => `fraud_${b}`),
  'premium',
  ...Array.from({ length: OPERATOR_BUCKETS }, (_, i) => (i === 0 ? 'operator_unknown' : `operator_bucket_${i}`)),
];

export const FEATURE_DIMENSION = FEATURE_NAMES.length;

const DAY_MS = 86_400_000;

/** FNV-1a 32-bit hash; stable across processes so snapshots keep their meaning. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function operatorBucket(operator: string): number {
  if (operator === UNKNOWN_OPERATOR) return 0;
  return 1 + (fnv1a(operator) % (OPERATOR_BUCKETS - 1));
}

/**
 * Feature vector for contextual policies, written into `out` (length {@link FEATURE_DIMENSION})
 * so the hot path allocates nothing. Hour of day is encoded on the unit circle so 23:00 and
 * 00:00 are neighbours.
 */
export function featureVector(ctx: RequestContext, out: Float64Array = new Float64Array(FEATURE_DIMENSION)): Float64Array {
  out.fill(0);
  const dayFraction = (((ctx.at % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
  out[0] = 1;
  out[1] = Math.sin(2 * Math.PI * dayFraction);
  out[2] = Math.cos(2 * Math.PI * dayFraction);
  out[3 + ACTIONS.indexOf(ctx.action)] = 1;
  out[3 + ACTIONS.length + FRAUD_BANDS.indexOf(fraudBand(ctx.fraudScore))] = 1;
  out[3 + ACTIONS.length + FRAUD_BANDS.length] = ctx.routeClass === 'premium' ? 1 : 0;
  out[4 + ACTIONS.length + FRAUD_BANDS.length + operatorBucket(ctx.operator)] = 1;
  return out;
}
