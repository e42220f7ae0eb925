import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { PrefixVelocity } from '../../engine/guards/prefix-velocity.js';
import { createPolicy, defaultPolicyConfig } from '../../engine/learning/create-policy.js';
import { POLICY_KINDS, type Policy, type PolicyKind } from '../../engine/learning/policy.js';
import { mulberry32 } from '../../engine/rng.js';
import { createRoutingEngine } from '../../engine/routing-engine.js';
import type { RewardConfig } from '../../engine/reward/reward-weights.js';
import type { RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId } from '../../engine/types.js';
import { createSimulatedNetwork } from '../../providers/simulated/simulated-network.js';
import { RunRecorder, type RunResult, type TrackedIncident } from '../metrics/run-recorder.js';
import { BEST_FIXED, createBestFixedPolicy, rankFixedProviders } from '../oracles/best-fixed.js';
import { createDynamicOracle, DYNAMIC_ORACLE } from '../oracles/dynamic-oracle.js';
import { createTruthModel, type TruthModel } from '../oracles/truth-model.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { generateTraffic, type SimRequest } from './generate-traffic.js';
import { withPriceChanges, type PriceChange, type SimNetwork } from './price-changes.js';
import { createSimClock, runPolicy } from './run-policy.js';
import { streamSeed } from './stream-seed.js';
import { createUserModel, type UserModel } from './user-model.js';

/** The two oracles, run side by side with the engine's policies. */
export const ORACLES = [DYNAMIC_ORACLE, BEST_FIXED] as const;
/** Everything `--policies` accepts, in report order. */
export const ALL_POLICIES: readonly string[] = [...POLICY_KINDS, ...ORACLES];
/** Buckets of the time series (completion, regret, traffic shares) per run. */
export const SERIES_BUCKETS = 48;
/** Segments with the most traffic charted when a scenario has no incident. */
const BUSIEST_SEGMENTS = 2;

const HOUR_MS = 3_600_000;

interface SeedContext {
  readonly loaded: LoadedScenario;
  readonly seed: number;
  readonly requests: readonly SimRequest[];
  readonly users: UserModel;
  readonly priceChanges: readonly PriceChange[];
  readonly boundaries: readonly number[];
  readonly incidents: readonly TrackedIncident[];
  readonly trackedSegments: readonly string[];
}

function freshNetwork(ctx: SeedContext): SimNetwork {
  const network = createSimulatedNetwork({ world: ctx.loaded.world, seed: streamSeed(ctx.seed, 'network') });
  return withPriceChanges(network, ctx.priceChanges);
}

function truthFor(ctx: SeedContext, network: SimNetwork): TruthModel {
  const { loaded } = ctx;
  return createTruthModel({
    network,
    weights: loaded.rewardConfig.weights,
    windowMs: loaded.scenario.traffic.windowMs,
    users: ctx.users,
    boundaries: ctx.boundaries,
  });
}

/** Validates a `--policies` list. @throws RangeError naming the unknown policy */
export function checkPolicies(policies: readonly string[]): void {
  for (const p of policies) {
    if (!ALL_POLICIES.includes(p))
      throw new RangeError(`policies must be among ${ALL_POLICIES.join(', ')}, got "${p}"`);
  }
}

function seedContext(loaded: LoadedScenario, seed: number): SeedContext {
  const { scenario, startMs } = loaded;
  const requests = generateTraffic(loaded, seed);
  const priceChanges = scenario.priceChanges.map((p) => ({ ...p, at: startMs + p.atHour * HOUR_MS }));
  const incidents: TrackedIncident[] = loaded.world.incidents.map((inc) => {
    const segments = new Set<string>();
    for (const r of requests) {
      if (r.country !== inc.country || (inc.operator !== undefined && r.operator !== inc.operator)) continue;
      if (inc.routeClass !== undefined && r.routeClass !== inc.routeClass) continue;
      segments.add(segmentKey(r));
    }
    return { id: inc.id, provider: inc.provider, segments: [...segments].sort(), start: inc.start, end: inc.end };
  });
  let trackedSegments = [...new Set(incidents.flatMap((i) => i.segments))].sort();
  if (trackedSegments.length === 0) {
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(segmentKey(r), (counts.get(segmentKey(r)) ?? 0) + 1);
    trackedSegments = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, BUSIEST_SEGMENTS)
      .map(([s]) => s);
  }
  return {
    loaded,
    seed,
    requests,
    users: createUserModel(scenario.users),
    priceChanges,
    boundaries: [...loaded.world.incidents.flatMap((i) => [i.start, i.end]), ...priceChanges.map((p) => p.at)],
    incidents,
    trackedSegments,
  };
}

/**
 * Everything one policy run needs besides the policy, from a scenario's seed or from a world
 * fitted to a trace (benchmarks/replay/engine-replay.ts).
 */
export interface SimSetup {
  readonly seed: number;
  readonly requests: readonly SimRequest[];
  /** Window of requests without their own. */
  readonly windowMs: number;
  readonly maxAttempts: number;
  readonly maxChecks: number;
  readonly table: RoutingTable;
  readonly rewardConfig: RewardConfig;
  readonly startMs: number;
  readonly endMs: number;
  readonly trackedSegments: readonly string[];
  readonly incidents: readonly TrackedIncident[];
  readonly users: UserModel;
  /** Feed the SMS-pumping detector (needs real number prefixes in `requests[].to`). */
  readonly pumping: boolean;
  /** A fresh network for one run (same seed, same draws) and the ground truth that reads it. */
  world(): { readonly network: Pick<SimNetwork, 'send'>; readonly truth: TruthModel };
}

/** The best-fixed oracle's ranking per segment, computed once per setup on a fresh, idle world. */
export function fixedRanking(setup: SimSetup): () => Map<string, ProviderId[]> {
  let cached: Map<string, ProviderId[]> | undefined;
  return () => (cached ??= rankFixedProviders(setup.requests, setup.table, setup.world().truth));
}

function buildPolicy(
  name: string,
  setup: SimSetup,
  truth: TruthModel,
  deps: { now(): number; random(): number },
  ranking: () => Map<string, ProviderId[]>,
): Policy {
  if (name === DYNAMIC_ORACLE) return createDynamicOracle(truth, deps);
  if (name === BEST_FIXED) return createBestFixedPolicy(ranking());
  return createPolicy(defaultPolicyConfig(name as PolicyKind, setup.table), deps);
}

/**
 * One policy's run on a setup: a fresh world, clock, engine (guards, health, completion model)
 * and policy, the policy's RNG stream derived from the seed, then {@link runPolicy}.
 * @throws RangeError for an unknown policy
 */
export function runSimulated(
  setup: SimSetup,
  name: string,
  options: {
    readonly ranking?: () => Map<string, ProviderId[]>;
    readonly trace?: (r: DecisionRecord) => void;
    /** Engines learn through their completion model (default); false: from actual rewards. */
    readonly completionModel?: boolean;
  } = {},
): RunResult {
  checkPolicies([name]);
  const { network, truth } = setup.world();
  const clock = createSimClock(setup.startMs);
  const deps = { now: clock.now, random: mulberry32(streamSeed(setup.seed, 'policy')) };
  const policy = buildPolicy(name, setup, truth, deps, options.ranking ?? fixedRanking(setup));
  const engine = createRoutingEngine({
    policy,
    table: setup.table,
    rewardConfig: setup.rewardConfig,
    ...((options.completionModel ?? true) ? {} : { completion: false as const }),
  });
  const recorder = new RunRecorder({
    startMs: setup.startMs,
    endMs: setup.endMs,
    buckets: SERIES_BUCKETS,
    trackedSegments: setup.trackedSegments,
    incidents: setup.incidents,
  });
  const started = performance.now();
  runPolicy({
    requests: setup.requests,
    windowMs: setup.windowMs,
    maxAttempts: setup.maxAttempts,
    maxChecks: setup.maxChecks,
    network,
    engine,
    clock,
    truth,
    users: setup.users,
    recorder,
    ...(setup.pumping ? { pumping: new PrefixVelocity() } : {}),
    idPrefix: `${name}-s${setup.seed}`,
    ...(options.trace ? { trace: options.trace } : {}),
  });
  return recorder.result(performance.now() - started);
}

function scenarioSetup(ctx: SeedContext): SimSetup {
  const { loaded } = ctx;
  const { traffic } = loaded.scenario;
  return {
    seed: ctx.seed,
    requests: ctx.requests,
    windowMs: traffic.windowMs,
    maxAttempts: traffic.maxAttempts,
    maxChecks: traffic.maxChecks,
    table: loaded.routingTable,
    rewardConfig: loaded.rewardConfig,
    startMs: loaded.startMs,
    endMs: loaded.endMs,
    trackedSegments: ctx.trackedSegments,
    incidents: ctx.incidents,
    users: ctx.users,
    pumping: true,
    world() {
      const network = freshNetwork(ctx);
      return { network, truth: truthFor(ctx, network) };
    },
  };
}

/** Every policy's run on one seed. */
export interface SeedRunResult {
  readonly seed: number;
  readonly requests: number;
  readonly incidents: readonly TrackedIncident[];
  readonly runs: Readonly<Record<string, RunResult>>;
}

/**
 * Runs every policy on one seed of a scenario. The seed's traffic is generated once and
 * shared; each policy run gets a fresh network, clock, engine (guards, health) and policy,
 * with the network, user and policy RNG streams derived from the seed, so all policies face
 * the same requests, users and network draws (common random numbers). The best-fixed oracle's
 * first pass ranks providers per segment on the seed's traffic with a fresh, idle network.
 * @throws RangeError for an unknown policy
 */
export function runSeed(
  loaded: LoadedScenario,
  seed: number,
  policies: readonly string[],
  options: {
    readonly onRun?: (info: { seed: number; policy: string; result: RunResult }) => void;
    readonly trace?: (r: DecisionRecord) => void;
    /** Engines learn through their completion model (default); false: from actual rewards. */
    readonly completionModel?: boolean;
  } = {},
): SeedRunResult {
  checkPolicies(policies);
  const ctx = seedContext(loaded, seed);
  const setup = scenarioSetup(ctx);
  const ranking = fixedRanking(setup);
  const runs: Record<string, RunResult> = {};
  for (const policy of policies) {
    const result = runSimulated(setup, policy, {
      ranking,
      ...(options.trace ? { trace: options.trace } : {}),
      completionModel: options.completionModel ?? true,
    });
    runs[policy] = result;
    options.onRun?.({ seed, policy, result });
  }
  return { seed, requests: ctx.requests.length, incidents: ctx.incidents, runs };
}
