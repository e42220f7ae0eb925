import { incompleteBeta, logBeta } from './beta-cdf.js';

/**
 * The grid both rules share: `points` = cells + 1 abscissae from `low` to `high`, with
 * log x and log(1 - x) at each, and the active arms' Beta shapes.
 */
export interface BestArmGrid {
  readonly alpha: ArrayLike<number>;
  readonly beta: ArrayLike<number>;
  /** Arms whose support reaches `low`, in index order. */
  readonly active: readonly number[];
  readonly low: number;
  readonly high: number;
  readonly cells: number;
}

/*
 * Scratch buffers of the rules, reused across calls: a refresh runs one quadrature of
 * ~60 points per arm, and allocating its rows each time cost more than filling them. Both
 * rules are synchronous and write every slot they read, so nothing leaks between calls.
 */
let logX: Float64Array = new Float64Array(129);
let log1mX: Float64Array = new Float64Array(129);
let densities: Float64Array = new Float64Array(4 * 129);
let cdfs: Float64Array = new Float64Array(4 * 129);
let others: Float64Array = new Float64Array(8);
let previous: Float64Array = new Float64Array(8);

function sized(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(Math.max(length, 2 * buffer.length));
}

/**
 * exp(x) for x < -746 is below half the smallest subnormal double, so it rounds to exactly
 * 0 in any faithful Math.exp; skipping the call there leaves every result bit-identical
 * and saves the ~40% of calls made for narrow posteriors far from their mode.
 */
const EXP_UNDERFLOW = -746;

/**
 * Density of each active arm at each grid point, relative to the row's peak (values in
 * [0, 1], row-major by arm, in the returned scratch buffer).
 */
function relativeDensities(grid: BestArmGrid, points: number): Float64Array {
  const { alpha, beta, active, low, high, cells } = grid;
  const h = (high - low) / cells;
  const lx = (logX = sized(logX, points));
  const l1x = (log1mX = sized(log1mX, points));
  for (let g = 0; g < points; g++) {
    const x = g === cells ? high : low + g * h;
    lx[g] = Math.log(x);
    l1x[g] = Math.log1p(-x);
  }
  const density = (densities = sized(densities, active.length * points));
  for (let r = 0; r < active.length; r++) {
    const i = active[r] ?? 0;
    const am1 = (alpha[i] ?? 1) - 1;
    const bm1 = (beta[i] ?? 1) - 1;
    const row = r * points;
    let peak = -Infinity;
    for (let g = 0; g < points; g++) {
      // 0 * log(0) is 0 here: shape 1 means a flat factor, also at the boundary.
      const v = (am1 === 0 ? 0 : am1 * (lx[g] as number)) + (bm1 === 0 ? 0 : bm1 * (l1x[g] as number));
      density[row + g] = v;
      if (v > peak) peak = v;
    }
    for (let g = row; g < row + points; g++) {
      const x = (density[g] as number) - peak;
      density[g] = x < EXP_UNDERFLOW ? 0 : Math.exp(x);
    }
  }
  return density;
}

/**
 * Exact F(low) and F(high) - F(low) of active arm `i` (betaCdf at both ends, sharing one
 * ln B(a, b) between the two ends; the shapes are those probabilityBest validated).
 */
function exactEnds(grid: BestArmGrid, i: number): { readonly start: number; readonly mass: number } {
  const a = grid.alpha[i] ?? 1;
  const b = grid.beta[i] ?? 1;
  const { low, high } = grid;
  const lnBeta = low > 0 || high < 1 ? logBeta(a, b) : 0;
  const start = low > 0 ? (low >= 1 ? 1 : incompleteBeta(low, a, b, lnBeta)) : 0;
  const end = high > 0 ? (high >= 1 ? 1 : incompleteBeta(high, a, b, lnBeta)) : 0;
  return { start, mass: end - start };
}

/**
 * Trapezoid rule, robust to densities with an infinite slope at 0 or 1 (a shape in (1, 2)).
 * Each F_j starts at the exact I_L(a_j, b_j) and grows by the cumulative trapezoid of the
 * unnormalised density, scaled to the exact mass I_H - I_L. The Stieltjes sum uses the mean
 * of Π_{j≠i} F_j at both ends of a cell (prefix/suffix products, no division), which
 * telescopes exactly for two arms. Returns P(i best) per active arm, unnormalised, in the
 * first entries of `out` when given (length >= number of active arms).
 */
export function trapezoidBest(grid: BestArmGrid, out?: Float64Array): Float64Array {
  const points = grid.cells + 1;
  const arms = grid.active.length;
  const cdf = relativeDensities(grid, points);
  for (let r = 0; r < arms; r++) {
    const row = r * points;
    const { start, mass } = exactEnds(grid, grid.active[r] ?? 0);
    let prev = cdf[row] ?? 0;
    let acc = 0;
    cdf[row] = 0;
    for (let g = 1; g < points; g++) {
      const d = cdf[row + g] ?? 0;
      acc += prev + d;
      prev = d;
      cdf[row + g] = acc;
    }
    const scale = acc > 0 ? mass / acc : 0;
    for (let g = 0; g < points; g++) cdf[row + g] = start + scale * (cdf[row + g] ?? 0);
  }
  const prev = (previous = sized(previous, arms));
  const curr = (others = sized(others, arms));
  const acc = out === undefined ? new Float64Array(arms) : out.fill(0, 0, arms);
  for (let g = 0; g < points; g++) {
    othersProduct(cdf, arms, points, g, curr);
    if (g > 0) {
      for (let r = 0; r < arms; r++) {
        const dF = (cdf[r * points + g] ?? 0) - (cdf[r * points + g - 1] ?? 0);
        acc[r] = (acc[r] ?? 0) + dF * 0.5 * ((prev[r] ?? 0) + (curr[r] ?? 0));
      }
    }
    for (let r = 0; r < arms; r++) prev[r] = curr[r] ?? 0;
  }
  return acc;
}

/**
 * Fourth-order rule for smooth densities (every shape 1 or >= 2 where the support meets 0
 * or 1), on an even number of cells. Each F_j starts at the exact I_L(a_j, b_j) and grows
 * cell by cell by the three-point rule ∫_{x_g}^{x_g+1} f ≈ h (5 f_g + 8 f_g+1 - f_g+2) / 12
 * (mirrored on the last cell), exact for quadratics; the total is scaled to the exact mass
 * I_H - I_L, which also normalises the density. P(i best) = ∫ f_i Π_{j≠i} F_j is then
 * summed by composite Simpson. Exact for polynomial integrands up to degree 3, so it needs
 * about a third of the trapezoid's cells for the same accuracy. Returns P(i best) per active
 * arm, unnormalised, in the first entries of `out` when given (length >= number of active arms).
 */
export function simpsonBest(grid: BestArmGrid, out?: Float64Array): Float64Array {
  const { cells } = grid;
  const points = cells + 1;
  const arms = grid.active.length;
  const h = (grid.high - grid.low) / cells;
  const density = relativeDensities(grid, points);
  const cdf = (cdfs = sized(cdfs, arms * points));
  for (let r = 0; r < arms; r++) {
    const row = r * points;
    const { start, mass } = exactEnds(grid, grid.active[r] ?? 0);
    let acc = 0;
    cdf[row] = 0;
    for (let g = 1; g < points; g++) {
      const k = row + g;
      acc +=
        g < cells
          ? 5 * (density[k - 1] ?? 0) + 8 * (density[k] ?? 0) - (density[k + 1] ?? 0)
          : -(density[k - 2] ?? 0) + 8 * (density[k - 1] ?? 0) + 5 * (density[k] ?? 0);
      cdf[k] = acc;
    }
    // acc is 12 / h times the integral of the unnormalised density.
    const scale = acc > 0 ? mass / acc : 0;
    const densityScale = (12 * scale) / h;
    for (let g = 0; g < points; g++) {
      cdf[row + g] = start + scale * (cdf[row + g] ?? 0);
      density[row + g] = (density[row + g] ?? 0) * densityScale;
    }
  }
  const curr = (others = sized(others, arms));
  const acc = out === undefined ? new Float64Array(arms) : out.fill(0, 0, arms);
  for (let g = 0; g < points; g++) {
    othersProduct(cdf, arms, points, g, curr);
    const w = g === 0 || g === cells ? 1 : g % 2 === 1 ? 4 : 2;
    for (let r = 0; r < arms; r++) acc[r] = (acc[r] ?? 0) + w * (curr[r] ?? 0) * (density[r * points + g] ?? 0);
  }
  for (let r = 0; r < arms; r++) acc[r] = ((acc[r] ?? 0) * h) / 3;
  return acc;
}

/** out[r] = Π_{j≠r} F_j at grid point g, by prefix and suffix products (no division). */
function othersProduct(cdf: Float64Array, arms: number, points: number, g: number, out: Float64Array): void {
  let prefix = 1;
  for (let r = 0; r < arms; r++) {
    out[r] = prefix;
    prefix *= cdf[r * points + g] ?? 1;
  }
  let suffix = 1;
  for (let r = arms - 1; r >= 0; r--) {
    out[r] = (out[r] ?? 1) * suffix;
    suffix *= cdf[r * points + g] ?? 1;
  }
}
