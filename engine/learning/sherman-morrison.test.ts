import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../rng.js';
import { quadraticForm, shermanMorrisonUpdate } from './sherman-morrison.js';

function ridgeInverse(d: number, lambda: number): Float64Array {
  const ainv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) ainv[i * d + i] = 1 / lambda;
  return ainv;
}

describe('shermanMorrisonUpdate', () => {
  it.each([
    [3, 1, 1],
    [7, 0.5, 2],
    [19, 1, 3],
    [32, 2, 4],
  ])('matches a direct inverse of lambda I + sum x x^T to 1e-9 (d = %i, lambda = %f, seed %i)', (d, lambda, seed) => {
    const random = mulberry32(seed);
    const ainv = ridgeInverse(d, lambda);
    const gram = Matrix.eye(d, d).mul(lambda);
    const scratch = new Float64Array(d);
    for (let t = 0; t < 60; t++) {
      const x = Float64Array.from({ length: d }, () => (random() < 0.3 ? 0 : normal(random)));
      const before = Float64Array.from(x);
      shermanMorrisonUpdate(ainv, d, x, scratch);
      expect(x).toEqual(before);
      const col = Matrix.columnVector(Array.from(x));
      gram.add(col.mmul(col.transpose()));
    }
    const direct = inverse(gram);
    let worst = 0;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(direct.get(i, j) - ainv[i * d + j]!));
    expect(worst).toBeLessThan(1e-9);
  });

  it('keeps the inverse symmetric', () => {
    const d = 5;
    const random = mulberry32(9);
    const ainv = ridgeInverse(d, 1);
    for (let t = 0; t < 20; t++)
      shermanMorrisonUpdate(
        ainv,
        d,
        Float64Array.from({ length: d }, () => normal(random)),
        new Float64Array(d),
      );
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(ainv[i * d + j]).toBe(ainv[j * d + i]);
  });

  it('rejects buffers shorter than d', () => {
    expect(() => shermanMorrisonUpdate(new Float64Array(8), 3, new Float64Array(3), new Float64Array(3))).toThrow(
      RangeError,
    );
    expect(() => shermanMorrisonUpdate(new Float64Array(9), 3, new Float64Array(2), new Float64Array(3))).toThrow(
      RangeError,
    );
  });
});

describe('quadraticForm', () => {
  it('computes x^T M x', () => {
    const m = Float64Array.from([2, 1, 1, 3]);
    expect(quadraticForm(m, 2, Float64Array.from([1, 2]))).toBe(2 + 2 + 2 + 12);
    expect(quadraticForm(m, 2, Float64Array.from([0, 0]))).toBe(0);
  });
});
