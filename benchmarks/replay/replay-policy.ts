import type { Feedback, Selection } from '../../engine/learning/policy.js';
import type { ProviderId, RequestContext } from '../../engine/types.js';

/**
 * What offline evaluation needs from a policy: its probability vector for a context. Every
 * engine {@link import('../../engine/learning/policy.js').Policy} satisfies it; so do the
 * small fixed policies below, which tests use as targets with known values.
 */
export interface SelectingPolicy {
  select(ctx: RequestContext, eligible: readonly ProviderId[]): Pick<Selection, 'provider' | 'probabilities'>;
}

/** A policy that also learns: what model-based replay and warm-started OPE drive. */
export interface LearningPolicy extends SelectingPolicy {
  update(feedback: Feedback): void;
}

/**
 * Uniform over the eligible providers. With `random` the chosen provider is drawn (for replay);
 * without, it is the first eligible one (offline evaluation only reads the vector).
 */
export function uniformPolicy(random?: () => number): SelectingPolicy {
  return {
    select(_ctx, eligible) {
      const p = 1 / eligible.length;
      const index = random ? Math.min(eligible.length - 1, Math.floor(random() * eligible.length)) : 0;
      return { provider: eligible[index] ?? '', probabilities: Object.fromEntries(eligible.map((e) => [e, p])) };
    },
  };
}

/**
 * Deterministic: puts probability 1 on `choose(ctx, eligible)` when it is eligible, else on the
 * first eligible provider.
 */
export function fixedPolicy(
  choose: (ctx: RequestContext, eligible: readonly ProviderId[]) => ProviderId,
): SelectingPolicy {
  return {
    select(ctx, eligible) {
      const wanted = choose(ctx, eligible);
      const provider = eligible.includes(wanted) ? wanted : (eligible[0] ?? '');
      return { provider, probabilities: Object.fromEntries(eligible.map((e) => [e, e === provider ? 1 : 0])) };
    },
  };
}
