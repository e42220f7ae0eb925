import { segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext, Snapshot } from '../types.js';
import { compareLexicographic, sortedLexicographic } from './lexicographic.js';
import { assertEligible, makeSelection } from './make-selection.js';
import { mergeConfig, requireVersion } from './policy-config-checks.js';
import { requireArray, requireString, snapshotState } from './policy-snapshot-checks.js';
import type { Policy, PolicyKind } from './policy.js';
import { uninformedEstimate } from './wilson-estimate.js';

export interface RoundRobinConfig {
  readonly kind: 'round-robin';
  readonly version: string;
}

export const DEFAULT_ROUND_ROBIN_CONFIG: RoundRobinConfig = Object.freeze({
  kind: 'round-robin',
  version: 'round-robin-v1',
});

/** @throws TypeError on an unknown key, a wrong kind or an empty version */
export function roundRobinConfig(partial?: Partial<RoundRobinConfig>): RoundRobinConfig {
  const merged = mergeConfig(DEFAULT_ROUND_ROBIN_CONFIG, partial);
  return Object.freeze({ kind: 'round-robin', version: requireVersion(merged.version) });
}

/**
 * Rotation over the eligible providers in lexicographic order, per segment: the next pick is
 * the first eligible provider after the segment's previous pick (wrapping to the first).
 * Remembering the last provider rather than a counter keeps the rotation fair when the
 * eligible set changes between requests. Deterministic: probability 1 on the choice, no
 * exploration floor (it is a baseline, not a learner); `update` is a no-op.
 * Scores are `-position` in the rotation starting at the choice.
 */
export function createRoundRobinPolicy(config: RoundRobinConfig, _deps: EngineDeps): Policy {
  const cfg = roundRobinConfig(config);
  let last = new Map<string, ProviderId>();
  return {
    kind: 'round-robin',
    version: cfg.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const segment = segmentKey(ctx);
      const sorted = sortedLexicographic(eligible);
      const previous = last.get(segment);
      const start =
        previous === undefined
          ? 0
          : Math.max(
              0,
              sorted.findIndex((p) => compareLexicographic(p, previous) > 0),
            );
      const k = sorted.length;
      const probabilities = new Float64Array(k);
      // 0 - rank rather than -rank: a -0 score would differ from 0 in logs and comparisons.
      const scores = eligible.map((p) => 0 - ((sorted.indexOf(p) - start + k) % k));
      const chosen = sorted[start] as ProviderId;
      probabilities[eligible.indexOf(chosen)] = 1;
      last.set(segment, chosen);
      return makeSelection('round-robin', cfg.version, eligible, probabilities, scores, 0);
    },
    update() {},
    estimates(_ctx: RequestContext, providers: readonly ProviderId[]) {
      return providers.map(uninformedEstimate);
    },
    drainChanges: () => [],
    snapshot() {
      const entries = [...last]
        .sort((a, b) => compareLexicographic(a[0], b[0]))
        .map(([segment, provider]) => ({ segment, provider }));
      return { kind: 'round-robin', version: cfg.version, state: { last: entries } };
    },
    restore(snapshot: Snapshot<PolicyKind>) {
      const state = snapshotState(snapshot, 'round-robin');
      const next = new Map<string, ProviderId>();
      requireArray(state.last, 'state.last').forEach((raw, i) => {
        const entry = raw as Record<string, unknown> | null;
        next.set(
          requireString(entry?.segment, `state.last[${i}].segment`),
          requireString(entry?.provider, `state.last[${i}].provider`),
        );
      });
      last = next;
    },
  };
}
