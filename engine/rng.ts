/**
 * Seeded pseudo-random numbers for deterministic tests, benchmarks and the simulator.
 *
 * mulberry32: 32-bit state, period 2^32, passes gjrand/PractRand small-crush; good
 * enough for simulation and sampling, not for secrets (codes use a CSPRNG in server/).
 * Reference: Tommy Ettinger, mulberry32 (public domain).
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new TypeError(`seed must be a finite number, got ${seed}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by the Box-Muller transform (one of the pair is discarded for simplicity). */
export function normal(random: () => number): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Gamma(shape, 1) draw (Marsaglia & Tsang 2000, "A simple method for generating gamma
 * variables"); shape < 1 uses the boost Gamma(a) = Gamma(a + 1) * U^(1/a).
 * @throws RangeError when shape <= 0
 */
export function gamma(random: () => number, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`shape must be > 0, got ${shape}`);
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(random() || Number.EPSILON, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) draw via two gamma draws. @throws RangeError when a or b <= 0 */
export function beta(random: () => number, a: number, b: number): number {
  const x = gamma(random, a);
  const y = gamma(random, b);
  return x / (x + y);
}

/**
 * Picks an index from a probability vector with one uniform draw. Ties and rounding:
 * the last index with positive probability absorbs any floating-point remainder.
 */
export function sampleIndex(probabilities: ArrayLike<number>, u: number): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    if (p <= 0) continue;
    acc += p;
    last = i;
    if (u < acc) return i;
  }
  return last;
}
