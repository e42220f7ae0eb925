import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { PrefixVelocity } from '../../engine/guards/prefix-velocity.js';
import { createPolicy, defaultPolicyConfig } from '../../engine/learning/create-policy.js';
import { POLICY_KINDS, type Policy, type PolicyKind } from '../../engine/learning/policy.js';
import { mulberry32 } from '../../engine/rng.js';
import { createRoutingEngine } from '../../engine/routing-engine.js';
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
    if (!ALL_POLICIES.includes(p)) throw new RangeError(`policies must be among ${ALL_POLICIES.join(', ')}, got "${p}"`);
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

function buildPolicy(name: string, ctx: SeedContext, truth: TruthModel, deps: { now(): number; random(): number }, ranking: () => Map<string, ProviderId[]>): Policy {
  if (name === DYNAMIC_ORACLE) return createDynamicOracle(truth, deps);
  if (name === BEST_FIXED) return createBestFixedPolicy(ranking());
  return createPolicy(defaultPolicyConfig(name as PolicyKind, ctx.loaded.routingTable), deps);
}

function runOne(
  ctx: SeedContext,
  name: string,
  ranking: () => Map<string, ProviderId[]>,
  trace: ((r: DecisionRecord) => void) | undefined,
  completionModel: boolean,
): RunResult {
  const { loaded } = ctx;
  const { scenario } = loaded;
  const network = freshNetwork(ctx);
  const clock = createSimClock(loaded.startMs);
  const deps = { now: clock.now, random: mulberry32(streamSeed(ctx.seed, 'policy')) };
  const truth = truthFor(ctx, network);
  const policy = buildPolicy(name, ctx, truth, deps, ranking);
  const engine = createRoutingEngine({
    policy,
    table: loaded.routingTable,
    rewardConfig: loaded.rewardConfig,
    ...(completionModel ? {} : { completion: false as const }),
  });
  const recorder = new RunRecorder({
    startMs: loaded.startMs,
    endMs: loaded.endMs,
    buckets: SERIES_BUCKETS,
    trackedSegments: ctx.trackedSegments,
    incidents: ctx.incidents,
  });
  const started = performance.now();
  runPolicy({
    requests: ctx.requests,
    windowMs: scenario.traffic.windowMs,
    maxAttempts: scenario.traffic.maxAttempts,
    maxChecks: scenario.traffic.maxChecks,
    network,
    engine,
    clock,
    truth,
    users: ctx.users,
    recorder,
    pumping: new PrefixVelocity(),
    idPrefix: `${name}-s${ctx.seed}`,
    ...(trace ? { trace } : {}),
  });
  return recorder.result(performance.now() - started);
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
  let cached: Map<string, ProviderId[]> | undefined;
  const ranking = (): Map<string, ProviderId[]> =>
    (cached ??= rankFixedProviders(ctx.requests, loaded.routingTable, truthFor(ctx, freshNetwork(ctx))));
  const runs: Record<string, RunResult> = {};
  for (const policy of policies) {
    const result = runOne(ctx, policy, ranking, options.trace, options.completionModel ?? true);
    runs[policy] = result;
    options.onRun?.({ seed, policy, result });
  }
  return { seed, requests: ctx.requests.length, incidents: ctx.incidents, runs };
}
