import type { Selection } from '../learning/policy.js';
import type { Explanation, RouteDecision } from '../routing-engine-types.js';
import type { ProviderId } from '../types.js';
import { explainDecision, type ExplainInput } from './explain.js';

/** A routed {@link RouteDecision}. */
export type RoutedDecision = Extract<RouteDecision, { readonly kind: 'route' }>;

/**
 * A routed decision whose `explanation` is built on first read and then kept. The
 * explanation derives only from values fixed when the decision was made (guard verdicts,
 * the selection, versions), so building it later gives the same value; a driver that never
 * reads it (the simulated replay) does not pay for it. `explanation` is a getter, so a
 * spread copy does not carry it: read it, or serialise with JSON (`toJSON` includes it).
 */
class LazyRoutedDecision implements RoutedDecision {
  readonly kind = 'route' as const;
  #input: ExplainInput | undefined;
  #explanation: Explanation | undefined;

  constructor(
    readonly provider: ProviderId,
    readonly selection: Selection,
    readonly budgetMs: number,
    readonly maxAttempts: number,
    input: ExplainInput,
  ) {
    this.#input = input;
  }

  get explanation(): Explanation {
    if (this.#explanation === undefined) {
      this.#explanation = explainDecision(this.#input as ExplainInput);
      this.#input = undefined;
    }
    return this.#explanation;
  }

  toJSON(): RoutedDecision {
    const { kind, provider, selection, budgetMs, maxAttempts, explanation } = this;
    return { kind, provider, selection, budgetMs, maxAttempts, explanation };
  }
}

/** A routed decision for `selection`, explained from `input` on first read (see {@link LazyRoutedDecision}). */
export function routedDecision(
  selection: Selection,
  budgetMs: number,
  maxAttempts: number,
  input: ExplainInput,
): RoutedDecision {
  return new LazyRoutedDecision(selection.provider, selection, budgetMs, maxAttempts, input);
}
