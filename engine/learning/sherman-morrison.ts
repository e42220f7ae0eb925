/**
 * Rank-1 update of a symmetric inverse, in place (Sherman & Morrison 1950):
 *
 *   (A + x x^T)^-1 = A^-1 - (A^-1 x)(A^-1 x)^T / (1 + x^T A^-1 x)
 *
 * `Ainv` is a row-major d x d Float64Array holding A^-1 of a symmetric positive-definite A
 * (e.g. a ridge Gram matrix lambda I + sum x x^T), so the denominator is >= 1 and the
 * update is stable. O(d^2), no allocation: `scratch` (length >= d) receives A^-1 x.
 * `x` is read only.
 * @throws RangeError when the buffers are shorter than d
 */
export function shermanMorrisonUpdate(Ainv: Float64Array, d: number, x: Float64Array, scratch: Float64Array): void {
  if (Ainv.length < d * d || x.length < d || scratch.length < d) {
    throw new RangeError(`shermanMorrisonUpdate needs Ainv >= ${d * d}, x and scratch >= ${d} entries`);
  }
  let denominator = 1;
  for (let i = 0; i < d; i++) {
    let s = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) s += Ainv[row + j]! * x[j]!;
    scratch[i] = s;
    denominator += x[i]! * s;
  }
  // Update the upper triangle and mirror it, so A^-1 stays exactly symmetric in floating point.
  for (let i = 0; i < d; i++) {
    const ui = scratch[i]! / denominator;
    if (ui === 0) continue;
    const row = i * d;
    for (let j = i; j < d; j++) {
      const value = Ainv[row + j]! - ui * scratch[j]!;
      Ainv[row + j] = value;
      Ainv[j * d + i] = value;
    }
  }
}

/** x^T M x for a row-major d x d matrix M. */
export function quadraticForm(M: Float64Array, d: number, x: Float64Array): number {
  let total = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    let s = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) s += M[row + j]! * x[j]!;
    total += xi * s;
  }
  return total;
}
