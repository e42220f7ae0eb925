import { segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext, Snapshot } from '../types.js';
import { compareLexicographic } from './lexicographic.js';
import { argmax, assertEligible, makeSelection } from './make-selection.js';
import { OutcomeWindow } from './outcome-window.js';
import { mergeConfig, requireInRange, requireReward, requireVersion } from './policy-config-checks.js';
import { requireArray, requireRecord, requireString, snapshotState } from './policy-snapshot-checks.js';
import type { Feedback, Policy, PolicyKind } from './policy.js';
import { wilsonEstimate } from './wilson-estimate.js';

export interface SwSuccessRateConfig {
  readonly kind: 'sw-success-rate';
  readonly version: string;
  /** Outcomes remembered per (segment, provider), integer in [1, 10000]. */
  readonly windowSize: number;
  /** Probability mass spread uniformly over the eligible providers, in [0, 1). */
  readonly hedge: number;
  /** A reward >= this counts as a success, in (0, 1]. */
  readonly successThreshold: number;
}

/** Juspay decision-engine's defaults: a window of 125 outcomes and 5% hedging. */
export const DEFAULT_SW_SUCCESS_RATE_CONFIG: SwSuccessRateConfig = Object.freeze({
  kind: 'sw-success-rate',
  version: 'sw-success-rate-v1',
  windowSize: 125,
  hedge: 0.05,
  successThreshold: 0.5,
});

/** @throws RangeError naming windowSize, hedge or successThreshold when out of range; TypeError on unknown keys */
export function swSuccessRateConfig(partial?: Partial<SwSuccessRateConfig>): SwSuccessRateConfig {
  const merged = mergeConfig(DEFAULT_SW_SUCCESS_RATE_CONFIG, partial);
  return Object.freeze({
    kind: 'sw-success-rate',
    version: requireVersion(merged.version),
    windowSize: requireInRange('windowSize', merged.windowSize, 1, 10_000, { integer: true }),
    hedge: requireInRange('hedge', merged.hedge, 0, 1, { maxExclusive: true }),
    successThreshold: requireInRange('successThreshold', merged.successThreshold, 0, 1, { minExclusive: true }),
  });
}

/**
 * Sliding-window success-rate routing with hedging, as in Juspay's open-source
 * decision-engine (github.com/juspay/decision-engine): per (segment, provider) the last
 * `windowSize` outcomes, success meaning reward >= successThreshold (success-rate routing
 * counts binary outcomes, not graded rewards). The highest windowed rate (lowest index on
 * ties) gets 1 - hedge + hedge / k, every other eligible provider hedge / k. An arm without
 * data counts as rate 1, so new providers are tried first. The hedge is its only exploration
 * (no extra floor: the peer is run as published). Scores are the windowed rates.
 */
export function createSwSuccessRatePolicy(config: SwSuccessRateConfig, deps: EngineDeps): Policy {
  const cfg = swSuccessRateConfig(config);
  let windows = new Map<string, Map<ProviderId, OutcomeWindow>>();
  const windowOf = (segment: string, provider: ProviderId): OutcomeWindow | undefined =>
    windows.get(segment)?.get(provider);
  const rate = (w: OutcomeWindow | undefined): number => (w && w.count > 0 ? w.successes / w.count : 1);
  return {
    kind: 'sw-success-rate',
    version: cfg.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const segment = segmentKey(ctx);
      const rates = eligible.map((p) => rate(windowOf(segment, p)));
      const k = eligible.length;
      const best = argmax(rates);
      const probabilities = new Float64Array(k);
      for (let i = 0; i < k; i++) probabilities[i] = cfg.hedge / k + (i === best ? 1 - cfg.hedge : 0);
      return makeSelection('sw-success-rate', cfg.version, eligible, probabilities, rates, deps.random());
    },
    update(feedback: Feedback) {
      const success = requireReward(feedback.reward) >= cfg.successThreshold;
      const segment = segmentKey(feedback.ctx);
      let arms = windows.get(segment);
      if (!arms) windows.set(segment, (arms = new Map()));
      let w = arms.get(feedback.provider);
      if (!w) arms.set(feedback.provider, (w = new OutcomeWindow(cfg.windowSize)));
      w.push(success);
    },
    estimates(ctx: RequestContext, providers: readonly ProviderId[]) {
      const segment = segmentKey(ctx);
      return providers.map((p) => {
        const w = windowOf(segment, p);
        return wilsonEstimate(p, rate(w), w?.count ?? 0);
      });
    },
    drainChanges: () => [],
    snapshot() {
      const entries: { segment: string; provider: ProviderId; outcomes: number[] }[] = [];
      for (const [segment, arms] of windows)
        for (const [provider, w] of arms) entries.push({ segment, provider, outcomes: w.toJSON() });
      entries.sort(
        (a, b) => compareLexicographic(a.segment, b.segment) || compareLexicographic(a.provider, b.provider),
      );
      return { kind: 'sw-success-rate', version: cfg.version, state: { windows: entries } };
    },
    restore(snapshot: Snapshot<PolicyKind>) {
      const next = new Map<string, Map<ProviderId, OutcomeWindow>>();
      requireArray(snapshotState(snapshot, 'sw-success-rate').windows, 'state.windows').forEach((raw, i) => {
        const path = `state.windows[${i}]`;
        const e = requireRecord(raw, path);
        const segment = requireString(e.segment, `${path}.segment`);
        const provider = requireString(e.provider, `${path}.provider`);
        const outcomes = requireArray(e.outcomes, `${path}.outcomes`);
        if (outcomes.length > cfg.windowSize)
          throw new TypeError(`${path}.outcomes must hold at most ${cfg.windowSize} outcomes`);
        const w = new OutcomeWindow(cfg.windowSize);
        for (const o of outcomes) {
          if (o !== 0 && o !== 1) throw new TypeError(`${path}.outcomes must contain only 0 and 1`);
          w.push(o === 1);
        }
        let arms = next.get(segment);
        if (!arms) next.set(segment, (arms = new Map()));
        if (arms.has(provider)) throw new TypeError(`${path} duplicates ${segment}/${provider}`);
        arms.set(provider, w);
      });
      windows = next;
    },
  };
}
