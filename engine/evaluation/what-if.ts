import type { DecisionRecord } from '../decision-record.js';
import type { RewardWeights } from '../reward/reward-weights.js';
import type { ProviderId } from '../types.js';
import { CompletionModel } from '../reward/completion-model.js';
import {
  inTimeOrder,
  learningRewardOf,
  providersBySegment,
  recordContext,
  scoreRecord,
  type EvaluationPolicy,
} from './decision-log.js';

/** Recent contexts per segment over which a trained policy's probabilities are averaged. */
export const DEFAULT_CONTEXTS_PER_SEGMENT = 50;

export interface WhatIfOptions {
  readonly oldWeights: RewardWeights;
  readonly newWeights: RewardWeights;
  /**
   * Returns a fresh, deterministically seeded policy (normally the default `discounted-ts`).
   * It is trained twice on the log, once per weight setting. Omit to skip the choice shift.
   */
  readonly createPolicy?: () => EvaluationPolicy;
  readonly contextsPerSegment?: number;
  /**
   * Train the policy as the engine does, through a fresh completion model per training (ADR
   * 0007; outcomes with `signalMs` are taught their expected reward). Default true; false
   * teaches re-scored rewards.
   */
  readonly completionModel?: boolean;
}

export interface ProviderRewardShift {
  readonly provider: ProviderId;
  readonly attempts: number;
  readonly meanOld: number;
  readonly meanNew: number;
  readonly delta: number;
}

export interface SegmentChoiceShift {
  readonly segment: string;
  readonly attempts: number;
  readonly shares: readonly {
    readonly provider: ProviderId;
    readonly old: number;
    readonly new: number;
    readonly delta: number;
  }[];
  /** Provider with the largest share (ties: first in code-unit order). */
  readonly topOld: ProviderId;
  readonly topNew: ProviderId;
}

/** Completion, latency, cost and reward the log implies for a routing (shares per segment) by cell means. */
export interface ProjectedMetrics {
  readonly completionRate: number;
  /** Mean time to completion of the completed attempts, ms; NaN when nothing completes. */
  readonly meanLatencyMs: number;
  /** Infinity when nothing completes. */
  readonly costPerCompletion: number;
  readonly meanRewardOld: number;
  readonly meanRewardNew: number;
  /** Share of all attempts each provider would carry (traffic-weighted over segments), keys in code-unit order. */
  readonly shares: Readonly<Record<ProviderId, number>>;
}

export interface WhatIfReport {
  readonly settled: number;
  readonly meanRewardOld: number;
  readonly meanRewardNew: number;
  /** Mean of the rewards stored in the log (whatever weights were live), null when none stored. */
  readonly loggedRewardMean: number | null;
  readonly providers: readonly ProviderRewardShift[];
  /** Null when no `createPolicy` was given. */
  readonly segments: readonly SegmentChoiceShift[] | null;
  readonly projected: { readonly old: ProjectedMetrics; readonly new: ProjectedMetrics } | null;
}

interface Cell {
  n: number;
  completed: number;
  /** Sum of latencyMs over completed attempts. */
  latency: number;
  cost: number;
  oldSum: number;
  newSum: number;
}

type Shares = Map<string, Map<ProviderId, number>>;

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Average probability vector of a policy trained on the log under `weights`, per segment. */
function trainedShares(
  ordered: readonly DecisionRecord[],
  weights: RewardWeights,
  policy: EvaluationPolicy,
  perSegment: number,
  providers: ReadonlyMap<string, readonly ProviderId[]>,
  model: CompletionModel | undefined,
): Shares {
  for (const r of ordered) {
    const value = learningRewardOf(r, weights, model);
    if (value !== null) policy.update({ ctx: recordContext(r), provider: r.provider, reward: value, at: r.at });
  }
  const recent = new Map<string, DecisionRecord[]>();
  for (const r of ordered) {
    const list = recent.get(r.segment) ?? [];
    list.push(r);
    if (list.length > perSegment) list.shift();
    recent.set(r.segment, list);
  }
  const out: Shares = new Map();
  for (const [segment, list] of recent) {
    const eligible = providers.get(segment) ?? [];
    const shares = new Map<ProviderId, number>(eligible.map((p) => [p, 0]));
    for (const r of list) {
      const probs = policy.select(recordContext(r), eligible).probabilities;
      for (const p of eligible) shares.set(p, (shares.get(p) ?? 0) + (probs[p] ?? 0));
    }
    out.set(segment, new Map([...shares].map(([p, sum]) => [p, sum / list.length])));
  }
  return out;
}

/** Direct-method projection of a routing: each segment's traffic split by `shares` over the cell means. */
function project(
  shares: Shares,
  cells: ReadonlyMap<string, ReadonlyMap<ProviderId, Cell>>,
  segmentCounts: ReadonlyMap<string, number>,
  total: number,
): ProjectedMetrics {
  let completion = 0;
  let latency = 0;
  let cost = 0;
  let rOld = 0;
  let rNew = 0;
  const byProvider = new Map<ProviderId, number>();
  for (const [segment, split] of shares) {
    const traffic = (segmentCounts.get(segment) ?? 0) / total;
    for (const [provider, share] of split) {
      const w = traffic * share;
      byProvider.set(provider, (byProvider.get(provider) ?? 0) + w);
      const c = cells.get(segment)?.get(provider);
      if (!c) continue;
      completion += (w * c.completed) / c.n;
      latency += (w * c.latency) / c.n;
      cost += (w * c.cost) / c.n;
      rOld += (w * c.oldSum) / c.n;
      rNew += (w * c.newSum) / c.n;
    }
  }
  return {
    completionRate: completion,
    meanLatencyMs: completion > 0 ? latency / completion : NaN,
    costPerCompletion: completion > 0 ? cost / completion : Infinity,
    meanRewardOld: rOld,
    meanRewardNew: rNew,
    shares: Object.fromEntries([...byProvider].sort((a, b) => byCodeUnit(a[0], b[0]))),
  };
}

/**
 * Reward-weight what-if over a log: re-scores every settled outcome under the old and new
 * weights (engine/reward/reward.ts), per provider; trains the given policy on the log's
 * outcomes under each setting (updates with the logged provider, in time order) and compares
 * its average probability vector per segment; projects completion, latency, cost per
 * completion and reward of each routing from the log's per segment x provider means (a
 * direct-method estimate: trustworthy where the log covers the cells). Pure: no I/O,
 * deterministic for a seeded policy.
 * @throws RangeError when contextsPerSegment is not a positive integer
 */
export function whatIf(records: readonly DecisionRecord[], options: WhatIfOptions): WhatIfReport {
  const perSegment = options.contextsPerSegment ?? DEFAULT_CONTEXTS_PER_SEGMENT;
  if (!(Number.isInteger(perSegment) && perSegment >= 1))
    throw new RangeError(`contextsPerSegment must be an integer >= 1, got ${perSegment}`);
  const ordered = inTimeOrder(records.filter((r) => r.outcome !== null));
  const cells = new Map<string, Map<ProviderId, Cell>>();
  const perProvider = new Map<ProviderId, Cell>();
  const segmentCounts = new Map<string, number>();
  let oldTotal = 0;
  let newTotal = 0;
  let storedSum = 0;
  let stored = 0;
  for (const r of ordered) {
    const o = scoreRecord(r, options.oldWeights) ?? 0;
    const n = scoreRecord(r, options.newWeights) ?? 0;
    oldTotal += o;
    newTotal += n;
    if (r.reward !== null) {
      storedSum += r.reward;
      stored += 1;
    }
    segmentCounts.set(r.segment, (segmentCounts.get(r.segment) ?? 0) + 1);
    let seg = cells.get(r.segment);
    if (!seg) cells.set(r.segment, (seg = new Map()));
    const completed = r.outcome?.completed === true;
    const add = (map: Map<ProviderId, Cell>) => {
      const c = map.get(r.provider) ?? { n: 0, completed: 0, latency: 0, cost: 0, oldSum: 0, newSum: 0 };
      c.n += 1;
      c.completed += completed ? 1 : 0;
      c.latency += completed ? (r.outcome?.latencyMs ?? 0) : 0;
      c.cost += r.outcome?.cost ?? 0;
      c.oldSum += o;
      c.newSum += n;
      map.set(r.provider, c);
    };
    add(seg);
    add(perProvider);
  }
  const total = ordered.length;
  const providers = [...perProvider]
    .sort((a, b) => byCodeUnit(a[0], b[0]))
    .map(([provider, c]) => ({
      provider,
      attempts: c.n,
      meanOld: c.oldSum / c.n,
      meanNew: c.newSum / c.n,
      delta: (c.newSum - c.oldSum) / c.n,
    }));

  let segments: SegmentChoiceShift[] | null = null;
  let projected: WhatIfReport['projected'] = null;
  if (options.createPolicy) {
    const eligible = providersBySegment(ordered);
    const model = (): CompletionModel | undefined => (options.completionModel === false ? undefined : new CompletionModel());
    const before = trainedShares(ordered, options.oldWeights, options.createPolicy(), perSegment, eligible, model());
    const after = trainedShares(ordered, options.newWeights, options.createPolicy(), perSegment, eligible, model());
    segments = [...eligible.keys()].sort(byCodeUnit).map((segment) => {
      const list = eligible.get(segment) ?? [];
      const shares = list.map((provider) => {
        const o = before.get(segment)?.get(provider) ?? 0;
        const n = after.get(segment)?.get(provider) ?? 0;
        return { provider, old: o, new: n, delta: n - o };
      });
      const top = (key: 'old' | 'new') =>
        shares.reduce(
          (best, s) => (s[key] > best[key] ? s : best),
          shares[0] ?? { provider: '', old: 0, new: 0, delta: 0 },
        ).provider;
      return { segment, attempts: segmentCounts.get(segment) ?? 0, shares, topOld: top('old'), topNew: top('new') };
    });
    projected = { old: project(before, cells, segmentCounts, total), new: project(after, cells, segmentCounts, total) };
  }

  return {
    settled: total,
    meanRewardOld: total ? oldTotal / total : NaN,
    meanRewardNew: total ? newTotal / total : NaN,
    loggedRewardMean: stored ? storedSum / stored : null,
    providers,
    segments,
    projected,
  };
}
