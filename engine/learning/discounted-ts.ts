import { fraudBand } from '../context/features.js';
import { backoffKeys, segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext, ShiftKind, Snapshot } from '../types.js';
import { betaQuantile } from './beta-cdf.js';
import { DiscountedLevel, NO_MOMENTS, type ArmStats, type Moments } from './beta-arm-stats.js';
import { changePosition, isRise, newPageHinkley, pageHinkleyStep, resetPageHinkley } from './change-detector.js';
import { discountedTsConfig, type DiscountedTsConfig } from './discounted-ts-config.js';
import { readDiscountedTsState, writeDiscountedTsState, type Chain } from './discounted-ts-state.js';
import { applyExplorationFloor } from './exploration-floor.js';
import { gaussianBestArmProbabilities } from './gaussian-best-arm.js';
import { betaMatching, hierarchicalPosterior, type PriorStrengthBounds } from './hierarchical-prior.js';
import { assertEligible, makeSelection } from './make-selection.js';
import type { ArmEstimate, ChangeEvent, Feedback, Policy, PolicyKind, Selection } from './policy.js';
import { findEntry, isStale, MAX_CACHED_SETS, recordRefresh, type CacheEntry } from './probability-cache.js';
import { RecentRewards } from './recent-rewards.js';

export type { ChangeDetectionConfig } from './change-detector.js';
export { DEFAULT_DISCOUNTED_TS_CONFIG, discountedTsConfig, type DiscountedTsConfig } from './discounted-ts-config.js';

const KIND: PolicyKind = 'discounted-ts';
/** Undrained change events kept at most (oldest dropped first). */
const MAX_PENDING_CHANGES = 1024;
/** Backoff levels that run a change detector: the segment and its country x class. */
const DETECTING_LEVELS = 2;
/** Rewards each segment remembers per provider, so that an alarm keeps those after its change point. */
const RECENT_REWARDS = 64;
/** Largest variance of a quantity in [0, 1]: the widest posterior of a mean reward selection uses. */
const MAX_MEAN_VARIANCE = 0.25;

/**
 * Discounted Thompson sampling per (segment, provider) with hierarchical empirical-Bayes
 * priors and change detection (DESIGN.md, Learning; docs/adr/0003).
 *
 * - Statistics: time-discounted reward moments ({@link DiscountedLevel}) at each of the
 *   four backoff levels of `backoffKeys(ctx)`; every feedback updates all four at the
 *   policy's clock, the latest `feedback.at` seen (feedback never moves it backwards).
 * - Posterior: {@link hierarchicalPosterior}, a normal model of the mean reward with the
 *   reward variance estimated, segment <- country x class <- class <- global, each
 *   parent's prior leaving out the child's own data and lending as many pseudo-observations
 *   as its children's agreement warrants ({@link priorStrength}).
 * - Selection: probability matching with the exact Thompson probabilities
 *   P(theta_i is largest) of the normal posteriors N(mean, variance * `posteriorScale`)
 *   from {@link gaussianBestArmProbabilities}, mixed with the exploration floor,
 *   sampled with one uniform draw, so `propensity` is the probability actually used.
 *   Vectors are cached per (segment, eligible list) and recomputed by the staleness
 *   rule of {@link recordRefresh}, after a detected change, or for a new eligible list.
 *   `scores` are the posterior means the cached vector was computed from.
 * - Change: a Page-Hinkley detector per provider at the segment and at its country x class,
 *   which also locates the change (the observation of its last extreme, counted in the
 *   country x class level's updates). An alarm at a segment keeps only the segment's rewards
 *   after that point; an alarm at a country does the same in every operator whose own rewards
 *   after that point moved the same way by
 *   2 standard errors (the others keep their history), and the country becomes the sum of
 *   what its operators kept. The levels above lose what was removed, so parents stay the sum
 *   of their children. So after a country-wide collapse every operator already knows the
 *   provider fails (rather than knowing nothing, which Thompson sampling would explore), and
 *   a one-operator incident leaves the other operators' evidence alone. The rewards after a
 *   change point come from each segment's last 64 rewards per provider ({@link RecentRewards},
 *   not in snapshots: after a restore an alarm keeps nothing older than the restore). Levels
 *   above the country adapt by discounting only. Undrained events beyond 1,024 are dropped
 *   oldest first.
 * - Shifts: {@link DiscountedTsPolicy.notifyShift} (a latency or price shift the routing
 *   engine saw before any reward) shrinks the segment's evidence for the provider to
 *   `shiftKeep` observations, keeping its mean.
 * - Estimates: posterior mean, 5% and 95% quantiles of the moment-matched Beta (unscaled),
 *   n = effective observations (own discounted data plus the strength borrowed).
 * - Snapshot: plain JSON of every level, the clock and cached vectors (see
 *   writeDiscountedTsState); `restore` reinterprets the moments with this instance's
 *   half-life and clears pending events.
 *
 * References: Raj & Kalyani 2017 (discounted TS); Agrawal & Goyal 2013 (Gaussian TS);
 * DerSimonian & Laird 1986 (heterogeneity estimate); Page 1954 and Hinkley 1971.
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
  private clock = -Infinity;
  private readonly bounds: PriorStrengthBounds;
  /** The arm of each level that the latest update touched, reused by every update. */
  private readonly touched: ArmStats[] = [];
  /** Selection sds of a refresh of k arms, reused: indexed by k (the means are the entry's scores). */
  private readonly sds: Float64Array[] = [];

  constructor(
    private readonly config: DiscountedTsConfig,
    private readonly deps: EngineDeps,
  ) {
    this.version = config.version;
    this.bounds = Object.freeze({ max: config.priorStrength, fallback: config.fallbackPriorStrength });
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
    if (!this.config.learnFromFraudBands.includes(fraudBand(feedback.ctx.fraudScore))) return;
    if (feedback.at > this.clock) this.clock = feedback.at;
    const detection = this.config.changeDetection;
    const levels = this.chain(feedback.ctx).levels;
    const detecting = detection.kind === 'none' ? 0 : DETECTING_LEVELS;
    const arms = this.touched;
    arms.length = levels.length;
    for (let l = 0; l < levels.length; l++) {
      arms[l] = (levels[l] as DiscountedLevel).add(feedback.provider, r, l < detecting ? newPageHinkley : noDetector, this.clock);
    }
    // Positions are the country x class level's update count: unique within the country, so
    // the change point of a country's detector splits each operator's recent rewards too.
    const position = (levels[1] as DiscountedLevel).step;
    const segmentArm = arms[0] as ArmStats;
    (segmentArm.recent ??= new RecentRewards(RECENT_REWARDS)).push(position, this.clock, r);
    if (detection.kind === 'none') return;
    for (let l = DETECTING_LEVELS - 1; l >= 0; l--) {
      const detector = arms[l]?.detector;
      if (detector == null) continue;
      if (!pageHinkleyStep(detector, r, detection.delta, detection.threshold, detection.minSamples, position)) continue;
      this.forgetBefore(levels, l, feedback.provider, changePosition(detector), isRise(detector));
      if (
        this.changes.push({
          segment: (levels[l] as DiscountedLevel).key,
          provider: feedback.provider,
          at: feedback.at,
          detector: detection.kind,
        }) > MAX_PENDING_CHANGES
      ) {
        this.changes.shift();
      }
      return;
    }
  }

  /**
   * A shift of `provider` in `ctx`'s segment signalled from outside the rewards (its delivery
   * latency or price moved): the segment's evidence for it is multiplied by
   * f = min(1, shiftKeep / n), so it keeps its mean but counts as at most `shiftKeep`
   * observations and new outcomes move it quickly; the levels above lose what was removed
   * (parents stay the sum of their children), the segment's change detector restarts, and a
   * change event (`latency-shift` / `price-shift`) is recorded.
   */
  notifyShift(ctx: RequestContext, provider: ProviderId, at: number, kind: ShiftKind): void {
    const levels = this.chain(ctx).levels;
    const segment = levels[0] as DiscountedLevel;
    const n = segment.moments(provider, segment.at).n;
    const keep = this.config.shiftKeep;
    if (!(n > keep)) return;
    const removed = segment.scale(provider, keep / n);
    resetDetector(segment, provider);
    for (let l = 1; l < levels.length; l++) (levels[l] as DiscountedLevel).subtract(provider, removed);
    if (this.changes.push({ segment: segment.key, provider, at, detector: `${kind}-shift` }) > MAX_PENDING_CHANGES) {
      this.changes.shift();
    }
  }

  estimates(ctx: RequestContext, providers: readonly ProviderId[]): ArmEstimate[] {
    const levels = backoffKeys(ctx).map((key) => this.levels.get(key));
    return providers.map((provider) => {
      const post = hierarchicalPosterior(levels, provider, this.clock, this.bounds);
      const { alpha, beta } = betaMatching(post.mean, post.variance);
      return {
        provider,
        mean: post.mean,
        lower: betaQuantile(0.05, alpha, beta),
        upper: betaQuantile(0.95, alpha, beta),
        n: post.n,
      };
    });
  }

  drainChanges(): ChangeEvent[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  snapshot(): Snapshot<PolicyKind> {
    return { kind: KIND, version: this.version, state: writeDiscountedTsState(this.levels, this.chains, this.clock) };
  }

  restore(snapshot: Snapshot<PolicyKind>): void {
    if (typeof snapshot !== 'object' || snapshot === null || snapshot.kind !== KIND) {
      throw new TypeError(
        `snapshot.kind must be "discounted-ts", got ${String((snapshot as { kind?: unknown } | null)?.kind)}`,
      );
    }
    if (typeof snapshot.version !== 'string') throw new TypeError('snapshot.version must be a string');
    const restored = readDiscountedTsState(snapshot.state, this.config.halfLifeMs);
    this.levels = restored.levels;
    this.chains = restored.chains;
    this.clock = restored.clock;
    this.changes = [];
  }

  /**
   * After an alarm for `provider` at `levels[l]` with estimated change point `since` (a position
   * in the country x class level's updates): the segment that alarmed, or after a country alarm
   * every operator whose rewards after `since` moved the alarm's way by 2 standard errors
   * ({@link changedAfter}), keeps only the rewards it observed after `since` (its
   * {@link RecentRewards}, discounted, never more than it held); the other operators keep their
   * history (and their detectors); the level becomes the sum of what its segments kept, and the
   * levels above lose what was removed, so parents stay the sum of their children. The level's
   * detector and those of the segments that forgot restart.
   */
  private forgetBefore(
    levels: readonly DiscountedLevel[],
    l: number,
    provider: ProviderId,
    since: number,
    rising: boolean,
  ): void {
    const level = levels[l] as DiscountedLevel;
    // Detection runs at the segment and the country x class, whose children are segments.
    const segments = l === 0 ? [level] : level.children;
    let n = 0;
    let s = 0;
    let q = 0;
    let removed: Moments = NO_MOMENTS;
    for (const segment of segments) {
      const arm = segment.arms.get(provider);
      if (arm === undefined) continue;
      const held = segment.moments(provider, segment.at);
      const after = arm.recent?.momentsAfter(since, segment.at, (elapsed) => segment.decay(elapsed)) ?? NO_MOMENTS;
      let kept = held;
      if (l === 0 || changedAfter(held, after, rising)) {
        const f = after.n > held.n ? held.n / after.n : 1;
        kept = { n: after.n * f, s: after.s * f, q: after.q * f };
        removed = segment.reset(provider, kept);
        resetDetector(segment, provider);
      }
      // The level's sum is as of its own latest time, which may be later than the segment's.
      const d = segment.decay(level.at - segment.at);
      n += kept.n * d;
      s += kept.s * d;
      q += kept.q * d;
    }
    if (l > 0) {
      removed = level.reset(provider, { n, s, q });
      resetDetector(level, provider);
    }
    for (let a = l + 1; a < levels.length; a++) (levels[a] as DiscountedLevel).subtract(provider, removed);
  }

  /** The request's chain of levels; segmentKey remembers its keys, so no key string is built per call. */
  private chain(ctx: RequestContext): Chain {
    const key = segmentKey(ctx);
    let chain = this.chains.get(key);
    if (chain === undefined) {
      const keys = backoffKeys(ctx);
      const levels: DiscountedLevel[] = [];
      for (let l = keys.length - 1; l >= 0; l--) levels[l] = this.level(keys[l] as string, levels[l + 1]);
      chain = { levels, entries: [] };
      this.chains.set(key, chain);
    }
    return chain;
  }

  private level(key: string, parent: DiscountedLevel | undefined): DiscountedLevel {
    let level = this.levels.get(key);
    if (level === undefined) {
      level = new DiscountedLevel(key, this.config.halfLifeMs);
      this.levels.set(key, level);
      parent?.children.push(level);
    }
    return level;
  }

  private refresh(entry: CacheEntry, chain: Chain): void {
    const k = entry.eligible.length;
    const sds = (this.sds[k] ??= new Float64Array(k));
    const scores = entry.scores.length === k ? entry.scores : new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const post = hierarchicalPosterior(chain.levels, entry.eligible[i] as ProviderId, this.clock, this.bounds);
      // A level with no data and a parent that lends nothing (fallbackPriorStrength 0) has an
      // infinite variance; no mean of rewards in [0, 1] varies more than 1/4.
      sds[i] = Math.sqrt(Math.min(post.variance, MAX_MEAN_VARIANCE) * this.config.posteriorScale);
      scores[i] = post.mean;
    }
    const probabilities = entry.probabilities.length === k ? entry.probabilities : new Float64Array(k);
    entry.probabilities = applyExplorationFloor(
      gaussianBestArmProbabilities(scores, sds, probabilities),
      this.config.explorationFloor,
    );
    entry.scores = scores;
    recordRefresh(entry, chain.levels, this.config.refreshFraction, this.config.priorStrength);
  }
}

const noDetector = (): null => null;

/** z-score from which a segment's rewards after a country's change point count as changed too. */
const CORROBORATION_Z = 2;

/**
 * Whether the rewards `after` a change point (part of `held`) moved in the alarm's direction
 * by at least CORROBORATION_Z standard errors from those before it.
 */
function changedAfter(held: Moments, after: Moments, rising: boolean): boolean {
  const before = { n: held.n - after.n, s: held.s - after.s, q: held.q - after.q };
  if (!(after.n > 0)) return false;
  if (!(before.n > 1e-9)) return true;
  const meanBefore = before.s / before.n;
  const variance = Math.max(0.01, before.q / before.n - meanBefore * meanBefore);
  const shift = after.s / after.n - meanBefore;
  return ((rising ? shift : -shift) * Math.sqrt(after.n)) / Math.sqrt(variance) >= CORROBORATION_Z;
}

function resetDetector(level: DiscountedLevel, provider: ProviderId): void {
  const detector = level.arms.get(provider)?.detector;
  if (detector != null) resetPageHinkley(detector);
}
