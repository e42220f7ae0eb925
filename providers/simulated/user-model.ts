import { lognormalCdf, sampleLognormal } from './lognormal.js';

/**
 * P(user still wants to enter the code) against the delay from request to the code landing,
 * as knots (delay ms, probability) interpolated linearly and flat after the last knot:
 * 0.97 up to 10 s (3% give up whatever happens), 0.5 at 60 s, 0.2 from 3 min on.
 * An assumption of this simulator (fast codes convert, slow ones lose most users), not a
 * measured curve; benchmarks that depend on it should say so.
 */
export const COMPLETION_CURVE: readonly (readonly [number, number])[] = Object.freeze([
  [0, 0.97],
  [10_000, 0.97],
  [60_000, 0.5],
  [180_000, 0.2],
] as const);

/** Time to read and type the code once it landed: lognormal, median 8 s, sigma 0.5 (p95 ~18 s). */
export const TYPING_MEDIAN_MS = 8_000;
export const TYPING_SIGMA = 0.5;

export interface UserDecision {
  readonly completes: boolean;
  /** Ms after the code landed that the user enters it; present only when `completes`. */
  readonly enterAfterMs?: number;
}

function curve(delayMs: number): number {
  let prev = COMPLETION_CURVE[0]!;
  for (const knot of COMPLETION_CURVE) {
    if (delayMs < knot[0]) return prev[1] + ((knot[1] - prev[1]) * (delayMs - prev[0])) / (knot[0] - prev[0]);
    prev = knot;
  }
  return prev[1];
}

function checkArgs(delayMs: number, windowMs: number): void {
  if (!(delayMs >= 0) || !Number.isFinite(delayMs))
    throw new RangeError(`delayMs must be a finite number >= 0, got ${delayMs}`);
  if (!(windowMs > 0) || !Number.isFinite(windowMs))
    throw new RangeError(`windowMs must be a finite number > 0, got ${windowMs}`);
}

/**
 * P(completes) = curve(delay) * P(typing <= window - delay): the user must want to and
 * finish typing inside the window. Non-increasing in `delayMs`; 0 once delay >= window.
 * @throws RangeError when delayMs < 0 or windowMs <= 0
 */
export function completionProbability(delayMs: number, windowMs: number): number {
  checkArgs(delayMs, windowMs);
  return curve(delayMs) * lognormalCdf(windowMs - delayMs, TYPING_MEDIAN_MS, TYPING_SIGMA);
}

/**
 * Draws what a simulated user does with a code that landed `delayMs` after the request,
 * in a window of `windowMs`. Legitimate users consume one uniform and one normal draw,
 * whatever the outcome; fraudulent (SMS-pumping) traffic never completes and consumes nothing.
 * @throws RangeError when delayMs < 0 or windowMs <= 0
 */
export function userDecision(
  delayMs: number,
  windowMs: number,
  random: () => number,
  options: { readonly fraudulent?: boolean } = {},
): UserDecision {
  checkArgs(delayMs, windowMs);
  if (options.fraudulent === true) return { completes: false };
  const wants = random() < curve(delayMs);
  const enterAfterMs = Math.round(sampleLognormal(TYPING_MEDIAN_MS, TYPING_SIGMA, random));
  return wants && delayMs + enterAfterMs <= windowMs ? { completes: true, enterAfterMs } : { completes: false };
}
