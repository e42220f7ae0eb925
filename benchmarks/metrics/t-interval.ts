/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
] as const;

const Z975 = 1.959963984540054;

/**
 * 0.975 quantile of Student's t with `df` degrees of freedom: table for df <= 30, the
 * Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5, three terms) beyond, which is
 * accurate to < 1e-4 there.
 * @throws RangeError when df is not an integer >= 1
 */
export function tQuantile975(df: number): number {
  if (!(Number.isInteger(df) && df >= 1)) throw new RangeError(`df must be an integer >= 1, got ${String(df)}`);
  const tabled = T975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/** A mean with its 95% Student-t interval over `n` values. */
export interface Interval {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  /** Half-width of the interval (0 when n < 2). */
  readonly halfWidth: number;
  readonly n: number;
}

/**
 * Mean and 95% confidence interval of the mean, mean +- t(0.975, n-1) * s / sqrt(n), with
 * s the sample standard deviation (n - 1 denominator). Non-finite values (a metric
 * undefined for one seed, e.g. cost per completion with no completion) are dropped first.
 * With one value the interval collapses to the mean; with none every field is NaN and n = 0.
 */
export function tInterval(values: readonly number[]): Interval {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, lower: Number.NaN, upper: Number.NaN, halfWidth: Number.NaN, n: 0 };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n === 1) return { mean, lower: mean, upper: mean, halfWidth: 0, n };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const halfWidth = (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, lower: mean - halfWidth, upper: mean + halfWidth, halfWidth, n };
}
