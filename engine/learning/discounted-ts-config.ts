import { FRAUD_BANDS, type FraudBand } from '../context/features.js';
import { validateChangeDetection, type ChangeDetectionConfig } from './change-detector.js';
import { DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';

/** Configuration of the discounted-TS policy (createDiscountedTsPolicy); build it with {@link discountedTsConfig}. */
export interface DiscountedTsConfig {
  readonly kind: 'discounted-ts';
  /** Logged with every decision. Non-empty string. */
  readonly version: string;
  /** Time for an observation's weight to halve, ms, in [1000, 1e12] or Infinity (no discounting). */
  readonly halfLifeMs: number;
  /** Most pseudo-observations a parent level lends a child's prior (empirical-Bayes estimate clipped to it), in [0, 1e6]. */
  readonly priorStrength: number;
  /** Strength lent when the parent has fewer than two children with data, in [0, priorStrength]. */
  readonly fallbackPriorStrength: number;
  /** Multiplier of the posterior variance used for selection, in (0, 4]; < 1 explores less than plain Thompson sampling. */
  readonly posteriorScale: number;
  /** Minimum selection probability per eligible provider, in [0, 0.2] (see applyExplorationFloor). */
  readonly explorationFloor: number;
  /** Growth of evidence, as a fraction in [0, 0.2], after which a cached probability vector is recomputed. */
  readonly refreshFraction: number;
  readonly changeDetection: ChangeDetectionConfig;
  /**
   * After a shift signalled from outside the rewards (notifyShift: latency or price), the
   * provider's evidence in that country x class is shrunk to at most this many observations,
   * keeping its mean, in [0, 1e6] (Infinity or a large value: ignore the signal).
   */
  readonly shiftKeep: number;
  /**
   * Fraud bands (engine/context/features) whose feedback is learned from; non-empty. Outcomes of
   * suspicious requests say more about the requester than about the provider: pumped numbers
   * never enter a code, whoever delivers it.
   */
  readonly learnFromFraudBands: readonly FraudBand[];
}

/**
 * Defaults, chosen on the benchmark suite (docs/benchmarks.md) and checked by
 * engine/learning/discounted-ts.stat.test.ts:
 * - halfLifeMs 6 h: provider quality moves with the hour of day; abrupt changes are the
 *   change detector's job, so memory can be long enough for thin segments (3 h and 12 h
 *   measured within noise of 6 h).
 * - priorStrength 200 / fallback 30: operators of a country mostly agree, and when they
 *   do a new operator should start almost where its country is.
 * - posteriorScale 0.25: selection samples a posterior with a quarter of the variance;
 *   plain Thompson sampling (1) spent most of its regret telling near-equal providers
 *   apart (suite regret vs sw-success-rate 0.76 at 1, 0.67 at 0.35, 0.64 at 0.2-0.25).
 * - Page-Hinkley delta 0.1, threshold 6: a collapse (0.85 -> 0.05) is caught in ~9
 *   observations, a drop of the mean by 0.25 in ~37; no false alarm in 400,000 draws of
 *   the suite's rewards (mean 0.8), 1 in ~33,000 of Bernoulli(0.85). Threshold 4 reacts
 *   ~35% faster but raised false alarms in 15 of 20 seeds of the stationary
 *   Bernoulli test, and forgetting the best arm costs more than it saved.
 * - shiftKeep 5: after a latency or price shift the segment's evidence for the provider
 *   counts as 5 observations (suite regret vs sw-success-rate 0.606 without shifts; 0.565 with
 *   5, 0.572-0.577 with 0, 2, 10 or 20).
 * - learnFromFraudBands ['low']: on the SMS-pumping scenario learning from medium/high
 *   fraud scores took regret from 0.45x to 0.59x sw-success-rate's.
 */
export const DEFAULT_DISCOUNTED_TS_CONFIG: DiscountedTsConfig = Object.freeze({
  kind: 'discounted-ts',
  version: 'discounted-ts/5',
  halfLifeMs: 6 * 3_600_000,
  priorStrength: 200,
  fallbackPriorStrength: 30,
  posteriorScale: 0.25,
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
  refreshFraction: 0.03,
  changeDetection: Object.freeze({ kind: 'page-hinkley', delta: 0.1, threshold: 6, minSamples: 10 }),
  shiftKeep: 5,
  learnFromFraudBands: Object.freeze(['low'] as const),
});

/**
 * Merges `partial` over {@link DEFAULT_DISCOUNTED_TS_CONFIG}, validates and freezes it.
 * @throws TypeError when `version` is not a non-empty string or `changeDetection` is malformed
 * @throws RangeError naming the parameter: halfLifeMs [1000, 1e12] or Infinity, priorStrength [0, 1e6],
 *   fallbackPriorStrength [0, priorStrength], posteriorScale (0, 4], explorationFloor [0, 0.2],
 *   refreshFraction [0, 0.2], shiftKeep [0, 1e6] or Infinity, changeDetection.*
 */
export function discountedTsConfig(partial: Partial<Omit<DiscountedTsConfig, 'kind'>> = {}): DiscountedTsConfig {
  const d = DEFAULT_DISCOUNTED_TS_CONFIG;
  const version = partial.version ?? d.version;
  const halfLifeMs = partial.halfLifeMs ?? d.halfLifeMs;
  const priorStrength = partial.priorStrength ?? d.priorStrength;
  const fallbackPriorStrength = partial.fallbackPriorStrength ?? Math.min(d.fallbackPriorStrength, priorStrength);
  const posteriorScale = partial.posteriorScale ?? d.posteriorScale;
  const refreshFraction = partial.refreshFraction ?? d.refreshFraction;
  const shiftKeep = partial.shiftKeep ?? d.shiftKeep;
  const bands = partial.learnFromFraudBands ?? d.learnFromFraudBands;
  if (!(Array.isArray(bands) && bands.length > 0 && bands.every((b) => (FRAUD_BANDS as readonly unknown[]).includes(b)))) {
    throw new TypeError(`learnFromFraudBands must be a non-empty list of ${FRAUD_BANDS.join(', ')}, got ${JSON.stringify(bands)}`);
  }
  const learnFromFraudBands = Object.freeze([...new Set(bands)]);
  if (!(typeof version === 'string' && version.length > 0))
    throw new TypeError(`version must be a non-empty string, got ${String(version)}`);
  if (!(typeof halfLifeMs === 'number' && ((halfLifeMs >= 1000 && halfLifeMs <= 1e12) || halfLifeMs === Infinity)))
    throw new RangeError(`halfLifeMs must be a number in [1000, 1e12] or Infinity, got ${String(halfLifeMs)}`);
  if (!(typeof priorStrength === 'number' && priorStrength >= 0 && priorStrength <= 1e6)) {
    throw new RangeError(`priorStrength must be a number in [0, 1e6], got ${String(priorStrength)}`);
  }
  if (!(typeof fallbackPriorStrength === 'number' && fallbackPriorStrength >= 0 && fallbackPriorStrength <= priorStrength)) {
    throw new RangeError(
      `fallbackPriorStrength must be a number in [0, priorStrength (${priorStrength})], got ${String(fallbackPriorStrength)}`,
    );
  }
  if (!(typeof posteriorScale === 'number' && posteriorScale > 0 && posteriorScale <= 4)) {
    throw new RangeError(`posteriorScale must be a number in (0, 4], got ${String(posteriorScale)}`);
  }
  if (!(typeof refreshFraction === 'number' && refreshFraction >= 0 && refreshFraction <= 0.2)) {
    throw new RangeError(`refreshFraction must be a number in [0, 0.2], got ${String(refreshFraction)}`);
  }
  if (!(typeof shiftKeep === 'number' && shiftKeep >= 0 && (shiftKeep <= 1e6 || shiftKeep === Infinity))) {
    throw new RangeError(`shiftKeep must be a number in [0, 1e6] or Infinity, got ${String(shiftKeep)}`);
  }
  return Object.freeze({
    kind: 'discounted-ts',
    version,
    halfLifeMs,
    priorStrength,
    fallbackPriorStrength,
    posteriorScale,
    explorationFloor: validateExplorationFloor(partial.explorationFloor ?? d.explorationFloor),
    refreshFraction,
    changeDetection: validateChangeDetection(partial.changeDetection ?? d.changeDetection),
    shiftKeep,
    learnFromFraudBands,
  });
}
