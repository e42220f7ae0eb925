import { lognormalCdf, sampleLognormal } from '../../providers/simulated/lognormal.js';
import {
  COMPLETION_CURVE,
  TYPING_MEDIAN_MS,
  TYPING_SIGMA,
  completionProbability as defaultCompletionProbability,
  userDecision,
  type UserDecision,
} from '../../providers/simulated/user-model.js';
import type { UsersSpec } from '../scenario/scenario-schema.js';

/** What simulated users do with a code, for one scenario. */
export interface UserModel {
  /** Draws whether and when the user enters a code that landed `delayMs` after the request. */
  decide(delayMs: number, windowMs: number, random: () => number, fraudulent: boolean): UserDecision;
  /** P(a legitimate user completes) for that delay; what the oracles plan with. */
  completionProbability(delayMs: number, windowMs: number): number;
  /** Mean typing time, ms (lognormal mean = median * e^(sigma^2 / 2)). */
  readonly meanTypingMs: number;
  /** P(typing time <= ms): how likely a user who wants to enters the code within `ms` of it landing. */
  typingCdf(ms: number): number;
}

function interpolate(knots: readonly (readonly [number, number])[], delayMs: number): number {
  let prev = knots[0] as readonly [number, number];
  for (const knot of knots) {
    if (delayMs < knot[0]) return prev[1] + ((knot[1] - prev[1]) * (delayMs - prev[0])) / (knot[0] - prev[0]);
    prev = knot;
  }
  return prev[1];
}

/**
 * The scenario's user model. Without overrides it is exactly providers/' `userDecision`
 * and `completionProbability`; with overrides (completion curve, typing median or sigma)
 * it applies the same formula, P(completes) = curve(delay) * P(typing <= window - delay),
 * with the scenario's parameters (providers/ does not take parameters, hence this adapter).
 */
export function createUserModel(spec: UsersSpec): UserModel {
  const custom = spec.completionCurve !== undefined || spec.typingMedianMs !== undefined || spec.typingSigma !== undefined;
  const curve = spec.completionCurve ?? COMPLETION_CURVE;
  const median = spec.typingMedianMs ?? TYPING_MEDIAN_MS;
  const sigma = spec.typingSigma ?? TYPING_SIGMA;
  const meanTypingMs = median * Math.exp((sigma * sigma) / 2);
  if (!custom) {
    return {
      decide: (delayMs, windowMs, random, fraudulent) => userDecision(delayMs, windowMs, random, { fraudulent }),
      completionProbability: defaultCompletionProbability,
      meanTypingMs,
      typingCdf: (ms) => lognormalCdf(ms, median, sigma),
    };
  }
  return {
    decide(delayMs, windowMs, random, fraudulent) {
      if (fraudulent) return { completes: false };
      const wants = random() < interpolate(curve, delayMs);
      const enterAfterMs = Math.round(sampleLognormal(median, sigma, random));
      return wants && delayMs + enterAfterMs <= windowMs ? { completes: true, enterAfterMs } : { completes: false };
    },
    completionProbability: (delayMs, windowMs) =>
      delayMs >= windowMs ? 0 : interpolate(curve, delayMs) * lognormalCdf(windowMs - delayMs, median, sigma),
    meanTypingMs,
    typingCdf: (ms) => lognormalCdf(ms, median, sigma),
  };
}
