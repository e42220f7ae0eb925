import type { ProviderId } from '../types.js';
import type { PolicyKind, Selection } from './policy.js';

/** Holds the probability vector a choice was drawn from (per eligible position), computed when read. */
export interface ProbabilitySource {
  readonly probabilities: ArrayLike<number>;
}

/**
 * A {@link Selection} of `eligible[index]` whose `probabilities` and `propensity` are
 * computed on first read of either, from one read of `source.probabilities`, and then
 * kept. For a policy that samples its choice without the probability vector (discounted-ts
 * draws Thompson samples), so a caller that never reads them (the simulated replay) never
 * pays for it.
 *
 * Both are own enumerable getters, so `JSON.stringify`, `{ ...spread }` and `Object.keys`
 * see them like data fields, in the field order of makeSelection (reading them there
 * resolves them). `scores` is copied at once. `source.probabilities` must stay the law the
 * choice was drawn from, whenever it is read.
 *
 * @param eligible the eligible providers, not mutated afterwards by the caller
 * @param index the chosen position in `eligible`
 */
export function lazySelection(
  policy: PolicyKind,
  version: string,
  eligible: readonly ProviderId[],
  index: number,
  scores: ArrayLike<number>,
  source: ProbabilitySource,
): Selection {
  return new LazySelection(policy, version, eligible, index, scores, source);
}

/*
 * The getters are defined per instance from constant descriptors: an object literal with
 * getters creates new closures for every selection and leaves the object in dictionary mode
 * (~1 µs each); shared descriptors keep one hidden class (~0.2 µs).
 */
class LazySelection implements Selection {
  // `declare`d, not class fields: the constructor creates them in makeSelection's order.
  declare readonly provider: ProviderId;
  declare readonly probabilities: Readonly<Record<ProviderId, number>>;
  declare readonly propensity: number;
  declare readonly scores: Readonly<Record<ProviderId, number>>;
  declare readonly policy: PolicyKind;
  declare readonly version: string;
  #eligible: readonly ProviderId[];
  #index: number;
  #source: ProbabilitySource | undefined;
  #probabilities: Record<ProviderId, number> | undefined;
  #propensity = 0;

  static readonly #PROBABILITIES: PropertyDescriptor = {
    get(this: LazySelection) {
      return this.#resolve();
    },
    enumerable: true,
    configurable: true,
  };
  static readonly #PROPENSITY: PropertyDescriptor = {
    get(this: LazySelection) {
      this.#resolve();
      return this.#propensity;
    },
    enumerable: true,
    configurable: true,
  };

  constructor(
    policy: PolicyKind,
    version: string,
    eligible: readonly ProviderId[],
    index: number,
    scores: ArrayLike<number>,
    source: ProbabilitySource,
  ) {
    this.provider = eligible[index] as ProviderId;
    Object.defineProperty(this, 'probabilities', LazySelection.#PROBABILITIES);
    Object.defineProperty(this, 'propensity', LazySelection.#PROPENSITY);
    const sc: Record<ProviderId, number> = {};
    for (let i = 0; i < eligible.length; i++) sc[eligible[i] as ProviderId] = scores[i] ?? 0;
    this.scores = sc;
    this.policy = policy;
    this.version = version;
    this.#eligible = eligible;
    this.#index = index;
    this.#source = source;
  }

  #resolve(): Record<ProviderId, number> {
    if (this.#probabilities === undefined) {
      const vector = (this.#source as ProbabilitySource).probabilities;
      const probs: Record<ProviderId, number> = {};
      for (let i = 0; i < this.#eligible.length; i++) probs[this.#eligible[i] as ProviderId] = vector[i] ?? 0;
      this.#probabilities = probs;
      this.#propensity = vector[this.#index] ?? 0;
      this.#source = undefined;
    }
    return this.#probabilities;
  }
}
