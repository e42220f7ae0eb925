import { FEATURE_NAMES, featureVector } from '../context/features.js';
import type { EngineDeps, ProviderId, RequestContext, Snapshot } from '../types.js';
import { applyExplorationFloor } from './exploration-floor.js';
import { assertEligible, makeSelection } from './make-selection.js';
import { requireReward } from './policy-config-checks.js';
import { snapshotState } from './policy-snapshot-checks.js';
import type { ArmEstimate, Feedback, Policy, PolicyKind } from './policy.js';
import { RidgeModels } from './ridge-models.js';
import { quadraticForm } from './sherman-morrison.js';

/** Maps a request to a feature vector of `names.length` entries, written into `out`. */
export interface FeatureMap {
  readonly names: readonly string[];
  write(ctx: RequestContext, out: Float64Array): Float64Array;
}

/** The engine's features (context/features.ts, d = 19). */
export const DEFAULT_FEATURE_MAP: FeatureMap = Object.freeze({ names: FEATURE_NAMES, write: featureVector });

/** Largest feature dimension the contextual policies accept (keeps A^-1 at <= 1,024 entries). */
export const MAX_FEATURE_DIMENSION = 32;

/** A contextual policy also exposes its per-feature coefficients theta_hat for the dashboard. */
export type ContextualPolicy = Policy & {
  /** theta_hat of the (country:routeClass, provider) model, one entry per feature name (zeros without data). */
  coefficients(ctx: RequestContext, provider: ProviderId): { name: string; value: number }[];
};

/** Contextual models are kept per `country:routeClass`; the operator is a feature, not a key. */
export function ridgeKey(ctx: Pick<RequestContext, 'country' | 'routeClass'>): string {
  return `${ctx.country}:${ctx.routeClass}`;
}

/** What distinguishes LinUCB from linear Thompson sampling on top of the shared ridge models. */
export interface RidgeRule {
  readonly kind: Extract<PolicyKind, 'linucb' | 'linear-ts'>;
  readonly version: string;
  readonly lambda: number;
  readonly gamma: number;
  readonly explorationFloor: number;
  /**
   * Fills `probabilities` (before the floor) and `scores` from the posterior means
   * theta_i^T x and widths w_i = sqrt(x^T A_i^-1 x); all arrays have length k.
   */
  choose(means: Float64Array, widths: Float64Array, probabilities: Float64Array, scores: Float64Array): void;
  /** Half-width of the ~90% interval shown by `estimates` for width w. */
  halfWidth(width: number): number;
}

/**
 * The shared body of the disjoint ridge policies: features, models, floor, one-draw selection,
 * estimates, coefficients and snapshots. Scratch buffers are reused, so `select` and `update`
 * allocate only the returned selection.
 * @throws RangeError when the feature map has no names or more than {@link MAX_FEATURE_DIMENSION}
 */
export function createRidgePolicy(rule: RidgeRule, deps: EngineDeps, features: FeatureMap): ContextualPolicy {
  const d = features.names.length;
  if (!(d >= 1 && d <= MAX_FEATURE_DIMENSION))
    throw new RangeError(`feature dimension must be in [1, ${MAX_FEATURE_DIMENSION}], got ${d}`);
  if (typeof features.write !== 'function') throw new TypeError('features.write must be a function');
  const names = Object.freeze([...features.names]);
  const models = new RidgeModels(d, rule.lambda, rule.gamma);
  const x = new Float64Array(d);
  let buffers = new Float64Array(0);

  const fit = (m: { ainv: Float64Array; theta: Float64Array }): [number, number] => {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += m.theta[i]! * x[i]!;
    return [mean, Math.sqrt(Math.max(0, quadraticForm(m.ainv, d, x)))];
  };

  return {
    kind: rule.kind,
    version: rule.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const k = eligible.length;
      if (buffers.length < 4 * k) buffers = new Float64Array(4 * k);
      const means = buffers.subarray(0, k);
      const widths = buffers.subarray(k, 2 * k);
      const probabilities = buffers.subarray(2 * k, 3 * k);
      const scores = buffers.subarray(3 * k, 4 * k);
      features.write(ctx, x);
      const key = ridgeKey(ctx);
      for (let i = 0; i < k; i++) [means[i], widths[i]] = fit(models.peek(key, eligible[i]!));
      rule.choose(means, widths, probabilities, scores);
      applyExplorationFloor(probabilities, rule.explorationFloor);
      return makeSelection(rule.kind, rule.version, eligible, probabilities, scores, deps.random());
    },
    update(feedback: Feedback) {
      const reward = requireReward(feedback.reward);
      features.write(feedback.ctx, x);
      models.update(ridgeKey(feedback.ctx), feedback.provider, x, reward);
    },
    estimates(ctx: RequestContext, providers: readonly ProviderId[]): ArmEstimate[] {
      features.write(ctx, x);
      const key = ridgeKey(ctx);
      return providers.map((provider) => {
        const m = models.peek(key, provider);
        const [mean, width] = fit(m);
        const half = rule.halfWidth(width);
        return { provider, mean: clamp01(mean), lower: clamp01(mean - half), upper: clamp01(mean + half), n: m.n };
      });
    },
    coefficients(ctx: RequestContext, provider: ProviderId) {
      const theta = models.peek(ridgeKey(ctx), provider).theta;
      return names.map((name, i) => ({ name, value: theta[i]! }));
    },
    drainChanges: () => [],
    snapshot: () => ({ kind: rule.kind, version: rule.version, state: { dimension: d, models: models.toJSON() } }),
    restore(snapshot: Snapshot<PolicyKind>) {
      const state = snapshotState(snapshot, rule.kind);
      if (state.dimension !== d) throw new TypeError(`state.dimension must be ${d}, got ${String(state.dimension)}`);
      models.restore(state.models, 'state.models');
    },
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
