import type { AppliedGuard } from '../guards/guard-chain.js';
import type { Selection } from '../learning/policy.js';
import type { Explanation } from '../routing-engine-types.js';

export interface ExplainInput {
  readonly segment: string;
  readonly applied: readonly AppliedGuard[];
  readonly selection?: Selection;
  readonly refusal?: { readonly code: string; readonly reason: string };
  readonly policy: string;
  readonly policyVersion: string;
  readonly rewardVersion: string;
}

function percent(p: number): string {
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

/**
 * Structured explanation of one decision: every guard's verdict, the providers guards
 * excluded and why, each eligible provider's score and probability, the choice and its
 * propensity, and a one-sentence summary a person can read on the dashboard.
 */
export function explainDecision(input: ExplainInput): Explanation {
  const guards = input.applied.map((a) => ({
    guard: a.guard,
    verdict: a.verdict.kind,
    ...(a.verdict.kind === 'allow' ? {} : { reason: a.verdict.reason }),
  }));
  const excluded = input.applied.flatMap((a) =>
    a.verdict.kind === 'narrow' ? a.verdict.removed.map((r) => ({ provider: r.provider, guard: a.guard, reason: r.reason })) : [],
  );
  const sel = input.selection;
  const candidates = sel
    ? Object.keys(sel.probabilities)
        .map((provider) => ({ provider, score: sel.scores[provider] ?? 0, probability: sel.probabilities[provider] ?? 0 }))
        .sort((a, b) => b.probability - a.probability || (a.provider < b.provider ? -1 : 1))
    : [];
  return {
    segment: input.segment,
    guards,
    excluded,
    candidates,
    ...(sel ? { chosen: sel.provider, propensity: sel.propensity } : {}),
    policy: input.policy,
    policyVersion: input.policyVersion,
    rewardVersion: input.rewardVersion,
    summary: summarize(input.segment, candidates, excluded, sel, input.refusal),
  };
}

function summarize(
  segment: string,
  candidates: Explanation['candidates'],
  excluded: Explanation['excluded'],
  sel: Selection | undefined,
  refusal: ExplainInput['refusal'],
): string {
  const out = excluded.length
    ? `; excluded ${excluded.map((e) => `${e.provider} (${e.guard}: ${e.reason})`).join(', ')}`
    : '';
  if (!sel) return `Refused routing for ${segment}: ${refusal?.code ?? 'refused'} — ${refusal?.reason ?? 'no reason given'}${out}.`;
  const best = candidates[0];
  const why =
    best && best.provider === sel.provider
      ? `the most likely choice, estimated reward ${(sel.scores[sel.provider] ?? 0).toFixed(2)}`
      : `an exploration pick (most likely was ${best?.provider ?? 'none'} at ${percent(best?.probability ?? 0)})`;
  return `Chose ${sel.provider} for ${segment} with probability ${percent(sel.propensity)} under ${sel.policy}: ${why} among ${candidates.length} eligible${out}.`;
}
