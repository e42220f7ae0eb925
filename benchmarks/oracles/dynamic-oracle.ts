import { argmax, assertEligible, makeSelection } from '../../engine/learning/make-selection.js';
import type { Policy, PolicyKind } from '../../engine/learning/policy.js';
import type { EngineDeps, ProviderId, RequestContext } from '../../engine/types.js';
import type { TruthModel } from './truth-model.js';

/** Kind label of the dynamic oracle in results and traces (not an engine policy kind). */
export const DYNAMIC_ORACLE = 'dynamic-oracle';

/**
 * The dynamic oracle as a {@link Policy}: at each decision it picks, among the eligible
 * providers the engine's guards left, the one with the highest true expected reward now
 * (see `createTruthModel` for the formula and its approximations); ties go to the lowest
 * index. The current time comes from `deps.now()`, because `ctx.at` is the request's time
 * and a failover happens later. Deterministic (propensity 1); learns nothing.
 */
export function createDynamicOracle(truth: TruthModel, deps: EngineDeps): Policy {
  const kind = DYNAMIC_ORACLE as PolicyKind;
  const version = `${DYNAMIC_ORACLE}-v1`;
  const scoresFor = (ctx: RequestContext, providers: readonly ProviderId[]): number[] => {
    const at = deps.now();
    return providers.map((p) => truth.expectedReward(p, ctx.country, ctx.operator, ctx.routeClass, at, at - ctx.at));
  };
  return {
    kind,
    version,
    select(ctx, eligible) {
      assertEligible(eligible);
      const scores = scoresFor(ctx, eligible);
      const probabilities = new Float64Array(eligible.length);
      probabilities[argmax(scores)] = 1;
      return makeSelection(kind, version, eligible, probabilities, scores, 0);
    },
    update() {},
    estimates(ctx, providers) {
      return scoresFor(ctx, providers).map((mean, i) => ({ provider: providers[i] as ProviderId, mean, lower: mean, upper: mean, n: 0 }));
    },
    drainChanges: () => [],
    snapshot: () => ({ kind, version, state: {} }),
    restore() {},
  };
}
