import type { ProviderId } from '../types.js';
import type { PageHinkleyState } from './change-detector.js';

/**
 * Discounted Beta pseudo-counts of one arm, valid as of level step `at`.
 * Current values are s * gamma^(step - at) and f * gamma^(step - at).
 */
export interface ArmStats {
  s: number;
  f: number;
  at: number;
  detector: PageHinkleyState | null;
}

/**
 * Discounted Beta statistics of every arm at one backoff level (one segment key).
 *
 * Discounted Thompson sampling (Raj & Kalyani 2017, "Taming non-stationary bandits: a
 * Bayesian approach", arXiv:1707.09727): on every update at this level all arms decay,
 * S_i <- gamma * S_i and F_i <- gamma * F_i, then the played arm adds the reward as a
 * fractional pseudo-count, S += r and F += 1 - r (Agrawal & Goyal 2012's Bernoulli
 * trick in expectation, without the extra coin flip). The decay is applied lazily:
 * each arm remembers the step of its last touch and is brought up to date with
 * gamma^(steps since), so an update costs O(1), not O(arms).
 *
 * `total` = Σ_arms (S_i + F_i) at the current step, kept in O(1) as
 * total <- gamma * total + 1 (every update adds exactly one pseudo-observation).
 * `epoch` increases whenever an arm is forgotten, so caches can tell.
 */
export class DiscountedLevel {
  step = 0;
  total = 0;
  epoch = 0;
  readonly arms = new Map<ProviderId, ArmStats>();

  constructor(
    readonly key: string,
    readonly gamma: number,
  ) {}

  /** Decay factor gamma^(step - at) that brings `arm` up to the current step. */
  decay(arm: ArmStats): number {
    const lag = this.step - arm.at;
    return lag === 0 ? 1 : Math.pow(this.gamma, lag);
  }

  /** Current discounted (successes, failures) of `provider`, or zeros when unseen. */
  counts(provider: ProviderId): { s: number; f: number } {
    const arm = this.arms.get(provider);
    if (arm === undefined) return { s: 0, f: 0 };
    const d = this.decay(arm);
    return { s: arm.s * d, f: arm.f * d };
  }

  /** Current discounted pseudo-count S + F of `provider` (0 when unseen). */
  n(provider: ProviderId): number {
    const arm = this.arms.get(provider);
    return arm === undefined ? 0 : (arm.s + arm.f) * this.decay(arm);
  }

  /** Advances the level by one step and adds reward `r` in [0, 1] to `provider`. */
  add(provider: ProviderId, r: number, detector: () => PageHinkleyState | null): ArmStats {
    this.step += 1;
    this.total = this.gamma * this.total + 1;
    let arm = this.arms.get(provider);
    if (arm === undefined) {
      arm = { s: 0, f: 0, at: this.step, detector: detector() };
      this.arms.set(provider, arm);
    }
    const d = this.decay(arm);
    arm.s = arm.s * d + r;
    arm.f = arm.f * d + (1 - r);
    arm.at = this.step;
    return arm;
  }

  /** Drops everything learned about `provider` here (after a detected change). */
  forget(provider: ProviderId): void {
    const arm = this.arms.get(provider);
    if (arm === undefined) return;
    this.total = Math.max(0, this.total - (arm.s + arm.f) * this.decay(arm));
    arm.s = 0;
    arm.f = 0;
    arm.at = this.step;
    this.epoch += 1;
  }
}
