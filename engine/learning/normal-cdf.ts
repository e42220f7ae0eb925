const A1 = 0.254829592;
const A2 = -0.284496736;
const A3 = 1.421413741;
const A4 = -1.453152027;
const A5 = 1.061405429;
const P = 0.3275911;

/** Beyond this |z| the CDF is 0 or 1 to double precision for our purposes (Phi(-8.5) ~ 1e-17). */
export const NORMAL_CDF_CUTOFF = 8.5;

/**
 * Standard normal CDF Phi(z) via the erfc approximation of Abramowitz & Stegun (1964),
 * formula 7.1.26: absolute error < 1e-7, one exp per call, no allocation.
 */
export function normalCdf(z: number): number {
  if (z <= -NORMAL_CDF_CUTOFF) return 0;
  if (z >= NORMAL_CDF_CUTOFF) return 1;
  const x = Math.abs(z) * Math.SQRT1_2;
  const t = 1 / (1 + P * x);
  const tail = 0.5 * t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5)))) * Math.exp(-x * x);
  return z >= 0 ? 1 - tail : tail;
}

/** Phi^-1(p) for p in (0, 1) by bisection on {@link normalCdf}; for tables, not hot paths. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  let lo = -NORMAL_CDF_CUTOFF;
  let hi = NORMAL_CDF_CUTOFF;
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
