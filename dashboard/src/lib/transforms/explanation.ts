import type { Decision, DecisionExplanation } from '../api/api-types.js';

/**
 * The explanation of a stored decision with every part present: a decision logged before the
 * explanation format existed (or a partial one) still shows its probabilities and scores.
 */
export function explanationOf(d: Decision): DecisionExplanation {
  const ex = d.explanation ?? {};
  const fromVectors = Object.keys(d.probabilities ?? {})
    .map((provider) => ({ provider, score: d.scores?.[provider] ?? 0, probability: d.probabilities[provider] ?? 0 }))
    .sort((a, b) => b.probability - a.probability || (a.provider < b.provider ? -1 : 1));
  return {
    guards: Array.isArray(ex.guards) ? ex.guards : [],
    excluded: Array.isArray(ex.excluded) ? ex.excluded : [],
    candidates: Array.isArray(ex.candidates) && ex.candidates.length ? ex.candidates : fromVectors,
    chosen: typeof ex.chosen === 'string' ? ex.chosen : d.provider,
    propensity: typeof ex.propensity === 'number' ? ex.propensity : d.propensity,
    summary: typeof ex.summary === 'string' ? ex.summary : `Chose ${d.provider} for ${d.segment}.`,
  };
}
