import type { DecisionRecord } from '../../../engine/decision-record.js';
import { CompletionModel } from '../../../engine/reward/completion-model.js';
import type { RewardWeights } from '../../../engine/reward/reward-weights.js';
import { learningRewardOf } from '../record-context.js';
import type { LearningPolicy, SelectingPolicy } from '../replay-policy.js';
import {
  bootstrapIntervals,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_CONFIDENCE,
} from './bootstrap.js';
import {
  effectiveSampleSize,
  estimateAll,
  ESTIMATORS,
  maxWeight,
  type Estimator,
  type OpeTerms,
} from './estimators.js';
import { toLoggedSamples, type LoggedSample, type SampleSkips } from './logged-samples.js';
import { fitRidgeRewardModel, type RewardModel, type RidgeOptions } from './ridge-reward-model.js';

/**
 * Default weight clip M for IPS and DR. Engine policies keep every propensity >= the exploration
 * floor (0.01, engine/learning/exploration-floor.ts), so for their logs no weight exceeds 100
 * and the clip changes nothing; it only bites on logs from other systems with tiny propensities.
 */
export const DEFAULT_IPS_CLIP = 100;

/** A policy to evaluate, or `'logged'`: the logging policy itself (for a reward-weight change). */
export type OpeTarget = SelectingPolicy | LearningPolicy | 'logged';

export interface OpeOptions {
  readonly weights: RewardWeights;
  readonly clip?: number;
  readonly resamples?: number;
  readonly seed?: number;
  readonly confidence?: number;
  readonly ridge?: RidgeOptions;
  /** Replaces the fitted ridge model (tests use a deliberately wrong one). */
  readonly rewardModel?: RewardModel;
  /**
   * Fraction of the log (earliest first) fed to a learning target's `update` before evaluation,
   * in [0, 1); evaluation uses the rest. 0 by default.
   */
  readonly warmStartFraction?: number;
  /**
   * Warm-start a learning target as the engine trains it, through a completion model (ADR 0007;
   * outcomes with `signalMs` are taught their expected reward). Default true.
   */
  readonly completionModel?: boolean;
}

export interface EstimateResult {
  readonly estimator: Estimator;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** (sum w)^2 / sum w^2 over the weights this estimator uses; n for DM. */
  readonly effectiveSampleSize: number;
  /** Largest weight this estimator uses (after clipping); null for DM, which uses none. */
  readonly maxWeight: number | null;
}

/**
 * How well the log covers the target (common support). IPS-type estimators only see outcomes
 * of actions the logging policy could take; target probability on other actions is invisible
 * to them (Owen 2013, "Monte Carlo theory, methods and examples", ch. 9; Sachdeva, Su & Joachims
 * 2020, "Off-policy bandits with deficient support", KDD).
 */
export interface OpeOverlap {
  /** Mean unclipped importance weight; its expectation is 1 minus the unsupported mass. */
  readonly meanWeight: number;
  /** Standard error of `meanWeight`. */
  readonly meanWeightSe: number;
  /**
   * Mean target probability on providers whose logged probability is 0 (or absent from the
   * logged vector), over the samples with a logged vector; null when none has one.
   */
  readonly unsupportedMass: number | null;
  /** Samples with a logged probability vector. */
  readonly samplesWithVector: number;
}

/** Above this unsupported mass the report warns that IPS and DR miss part of the target. */
export const UNSUPPORTED_MASS_WARNING = 0.01;

export interface OpeReport {
  /** Samples evaluated (after the warm-start prefix). */
  readonly samples: number;
  readonly warmStartSamples: number;
  readonly skipped: SampleSkips;
  readonly clip: number;
  /** Samples whose weight exceeded the clip. */
  readonly clippedWeights: number;
  readonly maxRawWeight: number;
  /** Mean re-scored reward of the logged decisions (the logging policy's on-policy value). */
  readonly loggedValue: number;
  readonly estimates: readonly EstimateResult[];
  readonly overlap: OpeOverlap;
  /** Plain-language problems with this evaluation (see {@link overlapWarnings}); empty when none. */
  readonly warnings: readonly string[];
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

function isLearning(t: OpeTarget): t is LearningPolicy {
  return typeof t === 'object' && typeof (t as Partial<LearningPolicy>).update === 'function';
}

/**
 * Per-sample estimator terms for `target` on `samples`, plus `unsupported`: the target's
 * probability on providers the logged vector gives 0 (NaN for samples without a vector).
 */
export function opeTerms(
  samples: readonly LoggedSample[],
  target: SelectingPolicy | 'logged',
  model: RewardModel,
): OpeTerms & { readonly unsupported: Float64Array } {
  const n = samples.length;
  const terms = {
    reward: new Float64Array(n),
    weight: new Float64Array(n),
    modelAtLogged: new Float64Array(n),
    modelUnderTarget: new Float64Array(n),
    unsupported: new Float64Array(n),
  };
  samples.forEach((s, i) => {
    const q = (provider: string) => model.predict(s.ctx, s.segment, provider);
    terms.reward[i] = s.reward;
    terms.modelAtLogged[i] = q(s.provider);
    let probs: Readonly<Record<string, number>>;
    if (target === 'logged') {
      // pi_e = pi_0, so w = 1; without the logged vector, q(x, a_i) is an unbiased draw of the DM term.
      terms.weight[i] = 1;
      probs = s.loggedProbabilities ?? { [s.provider]: 1 };
    } else {
      probs = target.select(s.ctx, s.eligible).probabilities;
      terms.weight[i] = (probs[s.provider] ?? 0) / s.propensity;
    }
    let base = 0;
    let unsupported = 0;
    const logged = s.loggedProbabilities;
    for (const [provider, p] of Object.entries(probs)) {
      if (!(p > 0)) continue;
      base += p * q(provider);
      if (logged !== null && !((logged[provider] ?? 0) > 0)) unsupported += p;
    }
    terms.modelUnderTarget[i] = base;
    terms.unsupported[i] = logged === null ? NaN : unsupported;
  });
  return terms;
}

/**
 * Off-policy value of `target` on a log with propensities, under reward `weights` (outcomes are
 * re-scored), by clipped IPS, SNIPS, DM (ridge model) and DR, each with a seeded percentile
 * bootstrap interval. The target is frozen: its `probabilities` per logged context are read
 * once (its sampled choice is ignored) and it is not updated during evaluation. A learning target
 * may be warm-started on the earliest `warmStartFraction` of the log, which is then left out.
 * The bootstrap resamples the per-sample terms with the reward model held fixed, so DM's
 * interval omits the model's own fitting error.
 * @throws RangeError on an invalid clip, warmStartFraction, resamples or confidence
 */
export function evaluateOffPolicy(
  records: readonly DecisionRecord[],
  target: OpeTarget,
  options: OpeOptions,
): OpeReport {
  const clip = options.clip ?? DEFAULT_IPS_CLIP;
  const warmFraction = options.warmStartFraction ?? 0;
  if (!(clip >= 1)) throw new RangeError(`clip must be a number >= 1, got ${clip}`);
  if (!(warmFraction >= 0 && warmFraction < 1))
    throw new RangeError(`warmStartFraction must be in [0, 1), got ${warmFraction}`);
  const { samples: all, skipped } = toLoggedSamples(records, options.weights);
  const warm = isLearning(target) ? Math.floor(all.length * warmFraction) : 0;
  if (isLearning(target)) {
    const teacher = options.completionModel === false ? undefined : new CompletionModel();
    for (const s of all.slice(0, warm)) {
      const taught = s.record ? (learningRewardOf(s.record, options.weights, teacher) ?? s.reward) : s.reward;
      target.update({ ctx: s.ctx, provider: s.provider, reward: taught, at: s.ctx.at });
    }
  }
  const samples = all.slice(warm);

  const model = options.rewardModel ?? fitRidgeRewardModel(samples, options.ridge);
  const terms = opeTerms(samples, target, model);
  const point = estimateAll(terms, clip);
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const intervals = bootstrapIntervals(samples.length, (idx) => estimateAll(terms, clip, idx), {
    resamples,
    seed,
    confidence,
  });
  const n = samples.length;
  const estimates = ESTIMATORS.map((estimator) => {
    const clipFor = estimator === 'snips' ? Infinity : clip;
    return {
      estimator,
      estimate: point[estimator],
      lower: intervals[estimator]?.lower ?? NaN,
      upper: intervals[estimator]?.upper ?? NaN,
      effectiveSampleSize: estimator === 'dm' ? n : effectiveSampleSize(terms.weight, clipFor),
      maxWeight: estimator === 'dm' ? null : maxWeight(terms.weight, clipFor),
    };
  });
  let loggedTotal = 0;
  for (const s of samples) loggedTotal += s.reward;
  const overlap = overlapOf(terms.weight, terms.unsupported);
  return {
    samples: n,
    warmStartSamples: warm,
    skipped,
    clip,
    clippedWeights: terms.weight.filter((w) => w > clip).length,
    maxRawWeight: maxWeight(terms.weight),
    loggedValue: n > 0 ? loggedTotal / n : NaN,
    estimates,
    overlap,
    warnings: overlapWarnings(overlap, n),
    resamples,
    seed,
    confidence,
  };
}

function overlapOf(weights: Float64Array, unsupported: Float64Array): OpeOverlap {
  const n = weights.length;
  let sum = 0;
  let sumSq = 0;
  for (const w of weights) {
    sum += w;
    sumSq += w * w;
  }
  const mean = n > 0 ? sum / n : NaN;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : NaN;
  let withVector = 0;
  let mass = 0;
  for (const u of unsupported) {
    if (Number.isNaN(u)) continue;
    withVector++;
    mass += u;
  }
  return {
    meanWeight: mean,
    meanWeightSe: Math.sqrt(variance / n),
    unsupportedMass: withVector > 0 ? mass / withVector : null,
    samplesWithVector: withVector,
  };
}

/**
 * Warnings for an evaluation the log cannot support:
 * - the target puts more than {@link UNSUPPORTED_MASS_WARNING} of its probability on providers the
 *   logger never chose in that context (a log without exploration: static routing, round-robin);
 * - without logged vectors, a mean weight more than 3 standard errors and 0.05 away from 1, the
 *   sign of missing support or misreported propensities.
 */
export function overlapWarnings(overlap: OpeOverlap, samples: number): string[] {
  const warnings: string[] = [];
  const { unsupportedMass, meanWeight, meanWeightSe } = overlap;
  if (unsupportedMass !== null && unsupportedMass > UNSUPPORTED_MASS_WARNING) {
    warnings.push(
      `the target puts ${(100 * unsupportedMass).toFixed(1)}% of its probability on providers the logging policy ` +
        'gave probability 0 in that context: no logged outcome covers those choices, so IPS is biased toward 0, ' +
        'SNIPS averages only the covered part and DM and DR rely on the reward model there. ' +
        'A log without exploration (static routing, round-robin) is for model-based replay (`replay model`), not OPE.',
    );
  } else if (unsupportedMass === null && samples > 1 && Math.abs(meanWeight - 1) > Math.max(0.05, 3 * meanWeightSe)) {
    warnings.push(
      `the mean importance weight is ${meanWeight.toFixed(3)} (± ${meanWeightSe.toFixed(3)}), where 1 is expected when ` +
        'the logger could take every action the target takes: the target has support the log lacks, or the ' +
        'logged propensities are wrong; trust DR over IPS and SNIPS, and check the log.',
    );
  }
  return warnings;
}
