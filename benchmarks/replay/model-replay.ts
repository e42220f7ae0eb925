import type { DecisionRecord } from '../../engine/decision-record.js';
import { reward } from '../../engine/reward/reward.js';
import type { RewardWeights } from '../../engine/reward/reward-weights.js';
import { mulberry32 } from '../../engine/rng.js';
import { fitWorld, type CellCoverage, type FitOptions, type FittedWorld } from './model/fitted-world.js';
import { inTimeOrder, recordContext, scoreRecord } from './record-context.js';
import { MetricsAccumulator, type ReplayMetrics } from './replay-metrics.js';
import type { LearningPolicy, SelectingPolicy } from './replay-policy.js';

export const DEFAULT_REPLAY_SEED = 1;

/** A policy to replay; `create` must return a fresh instance (each replay starts cold). */
export interface NamedPolicyFactory {
  readonly name: string;
  create(): LearningPolicy;
}

export interface ModelReplayOptions {
  readonly weights: RewardWeights;
  readonly seed?: number;
  readonly fit?: FitOptions;
}

export interface ModelReplayReport {
  readonly seed: number;
  readonly minCellAttempts: number;
  readonly coverage: readonly CellCoverage[];
  /** Cells with fewer than minCellAttempts attempts, and the level their fit falls back to. */
  readonly thinCells: readonly CellCoverage[];
  /** Metrics of the logged outcomes themselves. */
  readonly actual: ReplayMetrics;
  /** The logged choices replayed on the fitted world: close to `actual` when the fit is sound. */
  readonly loggedOnModel: ReplayMetrics;
  readonly policies: readonly (ReplayMetrics & { readonly name: string })[];
}

/** Seed of decision i: every policy sees the same random numbers at the same decision (common random numbers). */
function decisionSeed(seed: number, i: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * Runs `policy` over the logged contexts in time order on a fitted world: at each context it
 * chooses among the providers seen in that segment, an outcome is drawn from the fitted model
 * (seeded per decision) and the reward under `weights` is fed back at once (no delayed feedback,
 * no failover chains: each logged attempt is one independent decision).
 */
export function replayOnWorld(
  records: readonly DecisionRecord[],
  world: FittedWorld,
  policy: SelectingPolicy & Partial<Pick<LearningPolicy, 'update'>>,
  weights: RewardWeights,
  seed: number,
): ReplayMetrics {
  const acc = new MetricsAccumulator();
  inTimeOrder(records).forEach((r, i) => {
    const eligible = world.providers.get(r.segment);
    if (!eligible || eligible.length === 0) return;
    const ctx = recordContext(r);
    const provider = policy.select(ctx, eligible).provider;
    const o = world.draw(ctx, provider, mulberry32(decisionSeed(seed, i)));
    const value = reward({ ...o, windowMs: ctx.windowMs, country: ctx.country }, weights);
    acc.add(provider, o, value);
    policy.update?.({ ctx, provider, reward: value, at: ctx.at });
  });
  return acc.result();
}

/** The logged decisions' own metrics under `weights` (settled attempts only). */
export function loggedMetrics(records: readonly DecisionRecord[], weights: RewardWeights): ReplayMetrics {
  const acc = new MetricsAccumulator();
  for (const r of records) {
    const value = scoreRecord(r, weights);
    if (r.outcome && value !== null) acc.add(r.provider, r.outcome, value);
  }
  return acc.result();
}

/**
 * Model-based replay for logs without propensities: fits a world from the trace
 * ({@link fitWorld}), checks it by replaying the logged choices, then replays each policy.
 * Pure and deterministic for a seed.
 */
export function runModelReplay(
  records: readonly DecisionRecord[],
  policies: readonly NamedPolicyFactory[],
  options: ModelReplayOptions,
): ModelReplayReport {
  const seed = options.seed ?? DEFAULT_REPLAY_SEED;
  const settled = records.filter((r) => r.outcome !== null);
  const world = fitWorld(settled, options.fit);
  const ordered = inTimeOrder(settled);
  const loggedAcc = new MetricsAccumulator();
  ordered.forEach((r, i) => {
    const ctx = recordContext(r);
    const o = world.draw(ctx, r.provider, mulberry32(decisionSeed(seed, i)));
    loggedAcc.add(r.provider, o, reward({ ...o, windowMs: ctx.windowMs, country: ctx.country }, options.weights));
  });
  return {
    seed,
    minCellAttempts: world.minCellAttempts,
    coverage: world.coverage,
    thinCells: world.coverage.filter((c) => c.thin),
    actual: loggedMetrics(settled, options.weights),
    loggedOnModel: loggedAcc.result(),
    policies: policies.map((p) => ({
      name: p.name,
      ...replayOnWorld(ordered, world, p.create(), options.weights, seed),
    })),
  };
}
