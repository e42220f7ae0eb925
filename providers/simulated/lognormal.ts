import { normal } from '../../engine/rng.js';

/**
 * Lognormal draw parameterised by its median: `median * exp(sigma * Z)`, Z ~ N(0, 1).
 * The median (not the mean) is what latency tables usually quote; p95 = median * e^(1.645 sigma).
 */
export function sampleLognormal(median: number, sigma: number, random: () => number): number {
  return sigma === 0 ? median : median * Math.exp(sigma * normal(random));
}

/** P(X <= x) for X lognormal with the given median and sigma; 0 for x <= 0. */
export function lognormalCdf(x: number, median: number, sigma: number): number {
  if (x <= 0) return 0;
  if (sigma === 0) return x >= median ? 1 : 0;
  return 0.5 * (1 + erf(Math.log(x / median) / (sigma * Math.SQRT2)));
}

/** Error function, Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}
