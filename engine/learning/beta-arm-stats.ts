import type { ProviderId } from '../types.js';
import type { PageHinkleyState } from './change-detector.js';
import type { RecentRewards } from './recent-rewards.js';

/** Discounted reward moments: count n = Σ w, sum s = Σ w r and sum of squares q = Σ w r². */
export interface Moments {
  readonly n: number;
  readonly s: number;
  readonly q: number;
}

export const NO_MOMENTS: Moments = Object.freeze({ n: 0, s: 0, q: 0 });

/** Moments of one arm, valid as of time `at` (ms); current values are these times decay(now - at). */
export class ArmStats {
  /** The latest rewards with their times, kept by the owner where it needs them (not in snapshots). */
  recent: RecentRewards | null = null;
  /** Time and value of the last decay(now - at) computed for this arm; see {@link DiscountedLevel.momentsInto}. */
  private factorNow = NaN;
  private factorAt = NaN;
  private factor = 1;

  constructor(
    public n: number,
    public s: number,
    public q: number,
    public at: number,
    public detector: PageHinkleyState | null,
  ) {}

  /**
   * decay(now - at) of `level`, remembered for the last `now`: one refresh asks for the same
   * arm at the same time many times (as a level of the chain and as a child in priorStrength),
   * and 2^x costs far more than the comparison. Valid for as long as `at` is unchanged.
   */
  decayTo(now: number, level: DiscountedLevel): number {
    if (this.factorNow !== now || this.factorAt !== this.at) {
      this.factorNow = now;
      this.factorAt = this.at;
      this.factor = level.decay(now - this.at);
    }
    return this.factor;
  }
}

/**
 * Time-discounted reward moments of every arm at one backoff level (one segment key).
 *
 * Every observation enters with weight 1 and fades with the time since it was made:
 *
 *   w = 2^(-(now - t) / halfLifeMs)     (halfLifeMs = Infinity: no discounting)
 *
 * so n, s = Σ w r and q = Σ w r² are the sufficient statistics of a discounted normal
 * model of the reward mean and variance (discounted Thompson sampling, Raj & Kalyani 2017,
 * arXiv:1707.09727, with the discount per unit of time rather than per update). Because
 * the weight depends on time only, a level's moments are exactly the sum of its children's
 * (levels merge by addition, DESIGN.md "Scale beyond one machine"), which is what lets a
 * segment's prior leave out the segment's own share of its parent. Decay is lazy: each arm
 * remembers when it was last brought up to date, so an update costs O(1). Times never run
 * backwards: an observation older than the level's clock is added at the level's clock.
 *
 * `step` counts updates, `total` = Σ_arms n as of the last update (kept in O(1)), and
 * `epoch` increases whenever statistics are removed, so caches can tell.
 */
export class DiscountedLevel {
  step = 0;
  total = 0;
  epoch = 0;
  /** Time (ms) of the latest update. */
  at = -Infinity;
  readonly arms = new Map<ProviderId, ArmStats>();
  /** Levels one step more specific whose data this level also holds (set by the owner). */
  readonly children: DiscountedLevel[] = [];

  /** @param halfLifeMs time for an observation's weight to halve, > 0 (Infinity: never) */
  constructor(
    readonly key: string,
    readonly halfLifeMs: number,
  ) {}

  /** Weight left after `elapsedMs`: 2^(-elapsed / halfLife); 1 unless elapsed > 0 (also before any time is known). */
  decay(elapsedMs: number): number {
    // 2^x as exp(x ln 2): the same value to ~1 ulp, and about half the cost of Math.pow in V8.
    return !(elapsedMs > 0) || this.halfLifeMs === Infinity ? 1 : Math.exp((-elapsedMs / this.halfLifeMs) * Math.LN2);
  }

  /** Moments of `provider` as of time `now` (zeros when unseen). */
  moments(provider: ProviderId, now: number): Moments {
    const arm = this.arms.get(provider);
    if (arm === undefined) return NO_MOMENTS;
    const d = arm.decayTo(now, this);
    return { n: arm.n * d, s: arm.s * d, q: arm.q * d };
  }

  /**
   * The moments of `provider` as of `now` written to out[offset], out[offset + 1] and
   * out[offset + 2] (n, s, q; zeros when unseen): {@link moments} without allocating,
   * for the loops of a refresh.
   */
  momentsInto(provider: ProviderId, now: number, out: Float64Array, offset: number): void {
    const arm = this.arms.get(provider);
    if (arm === undefined) {
      out[offset] = 0;
      out[offset + 1] = 0;
      out[offset + 2] = 0;
      return;
    }
    const d = arm.decayTo(now, this);
    out[offset] = arm.n * d;
    out[offset + 1] = arm.s * d;
    out[offset + 2] = arm.q * d;
  }

  /**
   * Counts one update at this level and adds reward `r` in [0, 1] for `provider` at time
   * `at` (default: the level's latest time, i.e. no time passes).
   */
  add(provider: ProviderId, r: number, detector: () => PageHinkleyState | null, at = this.at): ArmStats {
    const now = Math.max(at, this.at);
    const previous = this.at;
    const levelDecay = this.decay(now - previous);
    this.total = (this.step === 0 ? 0 : this.total * levelDecay) + 1;
    this.at = now;
    this.step += 1;
    let arm = this.arms.get(provider);
    if (arm === undefined) {
      arm = new ArmStats(0, 0, 0, now, detector());
      this.arms.set(provider, arm);
    }
    // The arm last updated at this level shares the level's decay (one 2^x fewer per update).
    const d = arm.at === previous ? levelDecay : this.decay(now - arm.at);
    arm.n = arm.n * d + 1;
    arm.s = arm.s * d + r;
    arm.q = arm.q * d + r * r;
    arm.at = now;
    return arm;
  }

  /**
   * Replaces the moments of `provider` by `keep` (as of the level's latest time) and
   * returns what was removed; bumps the epoch. Used after a detected change.
   */
  reset(provider: ProviderId, keep: Moments = NO_MOMENTS): Moments {
    const arm = this.arms.get(provider);
    if (arm === undefined) return NO_MOMENTS;
    const d = this.decay(this.at - arm.at);
    const removed = { n: arm.n * d - keep.n, s: arm.s * d - keep.s, q: arm.q * d - keep.q };
    arm.n = keep.n;
    arm.s = keep.s;
    arm.q = keep.q;
    arm.at = this.at;
    this.total = Math.max(0, this.total - removed.n);
    this.epoch += 1;
    return removed;
  }

  /**
   * Multiplies the moments of `provider` (as of the level's latest time) by `f` in [0, 1], which
   * keeps its mean and variance and shrinks its evidence, and returns what was removed; bumps
   * the epoch. Used after a shift signalled from outside the rewards.
   */
  scale(provider: ProviderId, f: number): Moments {
    const m = this.moments(provider, this.at);
    return this.reset(provider, { n: m.n * f, s: m.s * f, q: m.q * f });
  }

  /** Removes `m` (moments as of the level's latest time) from `provider`, never below zero; bumps the epoch. */
  subtract(provider: ProviderId, m: Moments): void {
    const arm = this.arms.get(provider);
    if (arm === undefined) return;
    const d = this.decay(this.at - arm.at);
    const n = arm.n * d;
    arm.n = Math.max(0, n - m.n);
    arm.s = Math.max(0, arm.s * d - m.s);
    arm.q = Math.max(0, arm.q * d - m.q);
    arm.at = this.at;
    this.total = Math.max(0, this.total - (n - arm.n));
    this.epoch += 1;
  }

  /** Drops everything learned about `provider` here. */
  forget(provider: ProviderId): void {
    this.reset(provider);
  }
}
