import { backoffKeys, segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext, Snapshot } from '../types.js';
import { betaQuantile } from './beta-cdf.js';
import { DiscountedLevel } from './beta-arm-stats.js';
import { probabilityBest } from './beta-best-arm.js';
import {
  newPageHinkley,
  pageHinkleyStep,
  resetPageHinkley,
  validateChangeDetection,
  type ChangeDetectionConfig,
} from './change-detector.js';
import { readDiscountedTsState, writeDiscountedTsState, type Chain } from './discounted-ts-state.js';
import { applyExplorationFloor, DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';
import { hierarchicalPosterior } from './hierarchical-prior.js';
import { assertEligible, makeSelection } from './make-selection.js';
import type { ArmEstimate, ChangeEvent, Feedback, Policy, PolicyKind, Selection } from './policy.js';
import { findEntry, isStale, MAX_CACHED_SETS, recordRefresh, type CacheEntry } from './probability-cache.js';

export type { ChangeDetectionConfig } from './change-detector.js';

/** Configuration of {@link createDiscountedTsPolicy}; build it with {@link discountedTsConfig}. */
export interface DiscountedTsConfig {
  readonly kind: 'discounted-ts';
  /** Logged with every decision. Non-empty string. */
  readonly version: string;
  /** Per-update discount at each level, in (0, 1]; memory ~ 1 / (1 - gamma) updates. 1 = no discounting. */
  readonly gamma: number;
  /** Most pseudo-observations a parent level lends a child's prior, in [0, 1e6]. */
  readonly priorStrength: number;
  /** Minimum selection probability per eligible provider, in [0, 0.2] (see applyExplorationFloor). */
  readonly explorationFloor: number;
  /** Growth of evidence, as a fraction in [0, 0.2], after which a cached probability vector is recomputed. */
  readonly refreshFraction: number;
  readonly changeDetection: ChangeDetectionConfig;
}

/**
 * Defaults, chosen with engine/learning/discounted-ts.stat.test.ts: gamma 0.999 keeps
 * ~1,000 updates per level (enough to separate 0.90 from 0.85 in a stationary segment),
 * and Page-Hinkley (delta 0.1, threshold 12) catches a 0.95 -> 0.30 collapse in ~25
 * observations while false alarms on Bernoulli rewards are rare (exp(-2 delta lambda / sigma^2)).
 */
export const DEFAULT_DISCOUNTED_TS_CONFIG: DiscountedTsConfig = Object.freeze({
  kind: 'discounted-ts',
  version: 'discounted-ts/1',
  gamma: 0.999,
  priorStrength: 10,
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
  refreshFraction: 0.03,
  changeDetection: Object.freeze({ kind: 'page-hinkley', delta: 0.1, threshold: 12, minSamples: 10 }),
});

/**
 * Merges `partial` over {@link DEFAULT_DISCOUNTED_TS_CONFIG}, validates and freezes it.
 * @throws TypeError when `version` is not a non-empty string or `changeDetection` is malformed
 * @throws RangeError naming the parameter: gamma (0, 1], priorStrength [0, 1e6],
 *   explorationFloor [0, 0.2], refreshFraction [0, 0.2], changeDetection.*
 */
export function discountedTsConfig(partial: Partial<Omit<DiscountedTsConfig, 'kind'>> = {}): DiscountedTsConfig {
  const d = DEFAULT_DISCOUNTED_TS_CONFIG;
  const version = partial.version ?? d.version;
  const gamma = partial.gamma ?? d.gamma;
  const priorStrength = partial.priorStrength ?? d.priorStrength;
  const refreshFraction = partial.refreshFraction ?? d.refreshFraction;
  if (!(typeof version === 'string' && version.length > 0))
    throw new TypeError(`version must be a non-empty string, got ${String(version)}`);
  if (!(typeof gamma === 'number' && gamma > 0 && gamma <= 1))
    throw new RangeError(`gamma must be a number in (0, 1], got ${String(gamma)}`);
  if (!(typeof priorStrength === 'number' && priorStrength >= 0 && priorStrength <= 1e6)) {
    throw new RangeError(`priorStrength must be a number in [0, 1e6], got ${String(priorStrength)}`);
  }
  if (!(typeof refreshFraction === 'number' && refreshFraction >= 0 && refreshFraction <= 0.2)) {
    throw new RangeError(`refreshFraction must be a number in [0, 0.2], got ${String(refreshFraction)}`);
  }
  return Object.freeze({
    kind: 'discounted-ts',
    version,
    gamma,
    priorStrength,
    explorationFloor: validateExplorationFloor(partial.explorationFloor ?? d.explorationFloor),
    refreshFraction,
    changeDetection: validateChangeDetection(partial.changeDetection ?? d.changeDetection),
  });
}

const KIND: PolicyKind = 'discounted-ts';
/** Undrained change events kept at most (oldest dropped first). */
const MAX_PENDING_CHANGES = 1024;

/**
 * Discounted Thompson sampling per (segment, provider) with hierarchical priors and
 * change detection (DESIGN.md, Learning).
 *
 * - Statistics: {@link DiscountedLevel} at each of the four backoff levels of
 *   `backoffKeys(ctx)`; every feedback updates all four.
 * - Posterior: {@link hierarchicalPosterior} (segment <- country x class <- class <- global).
 * - Selection: probability matching with the exact Thompson probabilities
 *   P(theta_i is largest) from {@link probabilityBest}, mixed with the exploration floor,
 *   sampled with one uniform draw, so `propensity` is the probability actually used.
 *   Vectors are cached per (segment, eligible list) and recomputed by the staleness
 *   rule of {@link recordRefresh}, after a detected change, or for a new eligible list.
 *   `scores` are the posterior means the cached vector was computed from.
 * - Change: a Page-Hinkley detector per (level, provider) on that level's reward stream;
 *   an alarm forgets the provider's statistics at that level only. A country x class
 *   parent forgets only when its own pooled stream changes, so one operator's outage
 *   does not erase what the other operators taught the country; the child restarts
 *   from the parent's prior, capped at priorStrength pseudo-observations, which its own
 *   post-change data outweighs after about priorStrength observations. Undrained
 *   events beyond 1,024 are dropped oldest first.
 * - Estimates: posterior mean, 5% and 95% Beta quantiles, n = alpha + beta - 2
 *   (discounted own data plus the strength borrowed from the parent).
 * - Snapshot: plain JSON of every level and cached vector (see writeDiscountedTsState);
 *   `restore` reinterprets the counts with this instance's gamma and clears pending events.
 *
 * References: Raj & Kalyani 2017 (discounted TS); Agrawal & Goyal 2012 (Beta-Bernoulli
 * TS with fractional rewards); Page 1954 and Hinkley 1971 (Page-Hinkley test).
 *
 * @throws TypeError or RangeError when `config` is invalid (see {@link discountedTsConfig})
 */
export function createDiscountedTsPolicy(config: DiscountedTsConfig, deps: EngineDeps): Policy {
  if (config.kind !== KIND) throw new TypeError(`config.kind must be "discounted-ts", got ${String(config.kind)}`);
  return new DiscountedTsPolicy(discountedTsConfig(config), deps);
}

class DiscountedTsPolicy implements Policy {
  readonly kind = KIND;
  readonly version: string;
  private levels = new Map<string, DiscountedLevel>();
  private chains = new Map<string, Chain>();
  private changes: ChangeEvent[] = [];

  constructor(
    private readonly config: DiscountedTsConfig,
    private readonly deps: EngineDeps,
  ) {
    this.version = config.version;
  }

  select(ctx: RequestContext, eligible: readonly ProviderId[]): Selection {
    const chain = this.chain(ctx);
    let entry = findEntry(chain.entries, eligible);
    if (entry === undefined) {
      assertEligible(eligible);
      entry = {
        eligible: Object.freeze([...eligible]),
        probabilities: new Float64Array(0),
        scores: new Float64Array(0),
        steps: [],
        limits: [],
        epochs: [],
      };
      if (chain.entries.push(entry) > MAX_CACHED_SETS) chain.entries.shift();
      this.refresh(entry, chain);
    } else if (isStale(entry, chain.levels)) {
      this.refresh(entry, chain);
    }
    return makeSelection(KIND, this.version, eligible, entry.probabilities, entry.scores, this.deps.random());
  }

  update(feedback: Feedback): void {
    const r = feedback.reward;
    if (!(r >= 0 && r <= 1)) throw new RangeError(`reward must be in [0, 1], got ${r}`);
    const detection = this.config.changeDetection;
    const makeDetector = detection.kind === 'none' ? () => null : newPageHinkley;
    for (const level of this.chain(feedback.ctx).levels) {
      const arm = level.add(feedback.provider, r, makeDetector);
      if (detection.kind === 'none' || arm.detector === null) continue;
      if (!pageHinkleyStep(arm.detector, r, detection.delta, detection.threshold, detection.minSamples)) continue;
      level.forget(feedback.provider);
      resetPageHinkley(arm.detector);
      if (
        this.changes.push({
          segment: level.key,
          provider: feedback.provider,
          at: feedback.at,
          detector: detection.kind,
        }) > MAX_PENDING_CHANGES
      ) {
        this.changes.shift();
      }
    }
  }

  estimates(ctx: RequestContext, providers: readonly ProviderId[]): ArmEstimate[] {
    const levels = backoffKeys(ctx).map((key) => this.levels.get(key));
    return providers.map((provider) => {
      const { alpha, beta } = hierarchicalPosterior(levels, provider, this.config.priorStrength);
      return {
        provider,
        mean: alpha / (alpha + beta),
        lower: betaQuantile(0.05, alpha, beta),
        upper: betaQuantile(0.95, alpha, beta),
        n: alpha + beta - 2,
      };
    });
  }

  drainChanges(): ChangeEvent[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  snapshot(): Snapshot<PolicyKind> {
    return { kind: KIND, version: this.version, state: writeDiscountedTsState(this.levels, this.chains) };
  }

  restore(snapshot: Snapshot<PolicyKind>): void {
    if (typeof snapshot !== 'object' || snapshot === null || snapshot.kind !== KIND) {
      throw new TypeError(
        `snapshot.kind must be "discounted-ts", got ${String((snapshot as { kind?: unknown } | null)?.kind)}`,
      );
    }
    if (typeof snapshot.version !== 'string') throw new TypeError('snapshot.version must be a string');
    const restored = readDiscountedTsState(snapshot.state, this.config.gamma);
    this.levels = restored.levels;
    this.chains = restored.chains;
    this.changes = [];
  }

  private chain(ctx: RequestContext): Chain {
    const key = segmentKey(ctx);
    let chain = this.chains.get(key);
    if (chain === undefined) {
      chain = { levels: backoffKeys(ctx).map((k) => this.level(k)), entries: [] };
      this.chains.set(key, chain);
    }
    return chain;
  }

  private level(key: string): DiscountedLevel {
    let level = this.levels.get(key);
    if (level === undefined) {
      level = new DiscountedLevel(key, this.config.gamma);
      this.levels.set(key, level);
    }
    return level;
  }

  private refresh(entry: CacheEntry, chain: Chain): void {
    const k = entry.eligible.length;
    const alpha = new Float64Array(k);
    const beta = new Float64Array(k);
    const scores = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const post = hierarchicalPosterior(chain.levels, entry.eligible[i] as ProviderId, this.config.priorStrength);
      alpha[i] = post.alpha;
      beta[i] = post.beta;
      scores[i] = post.alpha / (post.alpha + post.beta);
    }
    entry.probabilities = applyExplorationFloor(probabilityBest(alpha, beta), this.config.explorationFloor);
    entry.scores = scores;
    recordRefresh(entry, chain.levels, this.config.refreshFraction, this.config.priorStrength);
  }
}
