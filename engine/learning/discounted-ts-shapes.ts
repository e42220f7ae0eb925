import { beta as betaDraw } from '../rng.js';
import { probabilityBest } from './beta-best-arm.js';
import { applyExplorationFloor } from './exploration-floor.js';

/**
 * The moment-matched Beta(alpha_i, beta_i) selection posteriors of one refresh of the
 * discounted-TS cache (one per eligible arm, in the eligible order), with the exploration
 * floor f. {@link sample} draws a choice from them; {@link probabilities} is the exact law
 * of that choice, computed on first read and then kept:
 *
 *   P(choice = i) = (1 - k f) * P(theta_i is largest) + f,   theta_j ~ Beta(alpha_j, beta_j),
 *
 * uniform when k f >= 1 (as in applyExplorationFloor). A refresh builds a new instance and
 * never writes to an old one, so a selection holding it can resolve its propensity later.
 *
 * Reference: Thompson 1933; Agrawal & Goyal 2012, "Analysis of Thompson Sampling for the
 * Multi-armed Bandit Problem".
 */
export class PosteriorShapes {
  #probabilities: Float64Array | undefined;

  /**
   * @param alpha Beta shapes a_i >= 1, owned by this instance from now on (not copied)
   * @param beta Beta shapes b_i >= 1, same length, owned likewise
   * @param floor exploration floor in [0, 1)
   */
  constructor(
    readonly alpha: Float64Array,
    readonly beta: Float64Array,
    readonly floor: number,
  ) {}

  /**
   * Index of the chosen arm: with probability min(1, k f) a uniform arm (one draw `u`; the
   * arm is floor(u / f), which is uniform given u < k f), otherwise Thompson sampling: one
   * theta_i ~ Beta(alpha_i, beta_i) per arm and the argmax, ties to the lowest index. So the
   * choice follows {@link probabilities} exactly, up to the quadrature's accuracy
   * (probabilityBest: ~1e-3), without computing it.
   */
  sample(random: () => number): number {
    const k = this.alpha.length;
    if (k === 1) return 0;
    const explore = k * this.floor;
    if (explore > 0) {
      const u = random();
      if (explore >= 1) return Math.min(k - 1, Math.floor(u * k));
      if (u < explore) return Math.min(k - 1, Math.floor(u / this.floor));
    }
    let best = 0;
    let top = -Infinity;
    for (let i = 0; i < k; i++) {
      const theta = betaDraw(random, this.alpha[i] ?? 1, this.beta[i] ?? 1);
      if (theta > top) {
        top = theta;
        best = i;
      }
    }
    return best;
  }

  /** P(sample returns i) per arm, by the quadrature of probabilityBest and the floor; computed once. */
  get probabilities(): Float64Array {
    return (this.#probabilities ??= applyExplorationFloor(probabilityBest(this.alpha, this.beta), this.floor));
  }
}
