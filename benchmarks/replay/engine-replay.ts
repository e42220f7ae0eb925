import type { DecisionRecord } from '../../engine/decision-record.js';
import { completedReward } from '../../engine/reward/reward.js';
import type { RewardConfig, RewardWeights } from '../../engine/reward/reward-weights.js';
import { mulberry32 } from '../../engine/rng.js';
import { validateRoutingTable, type RouteEntry, type RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId, RouteClass } from '../../engine/types.js';
import { sampleLognormal } from '../../providers/simulated/lognormal.js';
import { summarize, type PolicySummary } from '../metrics/aggregate.js';
import { quantileSorted } from '../metrics/quantile.js';
import type { RunMetrics, RunResult } from '../metrics/run-recorder.js';
import type { TruthModel } from '../oracles/truth-model.js';
import type { SimRequest } from '../sim/generate-traffic.js';
import type { SimNetwork } from '../sim/price-changes.js';
import { checkPolicies, fixedRanking, runSimulated, type SeedRunResult, type SimSetup } from '../sim/run-scenario.js';
import { streamSeed } from '../sim/stream-seed.js';
import type { UserModel } from '../sim/user-model.js';
import { fitWorld, type CellCoverage, type FitOptions, type FittedWorld } from './model/fitted-world.js';
import { inTimeOrder } from './record-context.js';

/** Standard-normal quantiles at the midpoints of 8 equiprobable bins (as the scenario truth model). */
const NODES = [-1.5341, -0.8871, -0.4888, -0.1573, 0.1573, 0.4888, 0.8871, 1.5341] as const;
/** Seeds of the engine replay by default: each draws the fitted world's outcomes afresh. */
export const DEFAULT_ENGINE_REPLAY_SEEDS = 5;
/** Attempts per verification by default (the server's and the scenarios' default). */
export const DEFAULT_REPLAY_MAX_ATTEMPTS = 3;
const MAX_CHECKS = 3;

/**
 * Verifications of the trace as simulated requests: one per `verificationId`, with the context
 * and time of its first attempt, in time order. Traces carry no phone numbers, so `to` is a
 * placeholder (the fitted network ignores it and SMS-pumping detection is off in this replay),
 * and no request is marked fraudulent (the fitted world already holds what such traffic did).
 */
export function traceRequests(records: readonly DecisionRecord[]): SimRequest[] {
  const first = new Map<string, DecisionRecord>();
  for (const r of records) {
    const seen = first.get(r.verificationId);
    if (!seen || r.attemptNumber < seen.attemptNumber || (r.attemptNumber === seen.attemptNumber && r.at < seen.at)) {
      first.set(r.verificationId, r);
    }
  }
  return inTimeOrder([...first.values()]).map((r, index) => ({
    index,
    at: r.at,
    country: r.context.country,
    operator: r.context.operator,
    to: '',
    routeClass: r.context.routeClass,
    action: r.context.action,
    fraudScore: r.context.fraudScore,
    fraudulent: false,
    userSeed: index,
    windowMs: r.context.windowMs,
  }));
}

/**
 * The routing table the trace implies: per country, every provider it used, ranked by how many
 * first attempts it carried there (then by all attempts, then by id), so `static-chain` replays
 * the routing the trace mostly shows. A provider serves premium traffic if the trace sent it
 * premium traffic in that country, and standard traffic likewise.
 * @throws TypeError when a provider id is not one the engine's routing table accepts
 */
export function traceRoutingTable(records: readonly DecisionRecord[]): RoutingTable {
  const byCountry = new Map<
    string,
    Map<ProviderId, { first: number; all: number; premium: boolean; standard: boolean }>
  >();
  for (const r of records) {
    let providers = byCountry.get(r.context.country);
    if (!providers) byCountry.set(r.context.country, (providers = new Map()));
    let p = providers.get(r.provider);
    if (!p) providers.set(r.provider, (p = { first: 0, all: 0, premium: false, standard: false }));
    p.all += 1;
    if (r.attemptNumber === 1) p.first += 1;
    if (r.context.routeClass === 'premium') p.premium = true;
    else p.standard = true;
  }
  const countries: Record<string, RouteEntry[]> = {};
  for (const [country, providers] of [...byCountry].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    countries[country] = [...providers]
      .sort((a, b) => b[1].first - a[1].first || b[1].all - a[1].all || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([provider, p]) => ({ provider, premium: p.premium, ...(p.standard ? {} : { standard: false }) }));
  }
  try {
    return validateRoutingTable({ version: 'trace', countries });
  } catch (e) {
    throw new TypeError(`the trace's providers cannot form a routing table: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * A network whose every send is drawn from the fitted world (seeded, one stream per run):
 * acceptance; for an accepted message a delivered receipt (probability deliverGivenAccepted)
 * or a failed one, after the cell's fitted receipt latency; and the code entered, with the
 * cell's completion rate given that receipt, after its fitted send-to-completion latency
 * (that latency includes the user's typing, so the users of this replay enter a code the
 * moment it "lands"). Outcomes depend on the UTC hour of day like the fit. Messages are never
 * queued: the trace shows no capacity.
 */
export function fittedNetwork(world: FittedWorld, seed: number): Pick<SimNetwork, 'send'> {
  const random = mulberry32(seed);
  let sent = 0;
  return {
    send(req, at) {
      const m = world.model(
        { country: req.country, operator: req.operator, routeClass: req.routeClass, at },
        req.provider,
      );
      sent += 1;
      if (!(random() < m.accept)) {
        return {
          result: { status: 'rejected', errorClass: 'provider_error', retryable: true, detail: 'fitted rejection' },
        };
      }
      const delivered = random() < m.deliverGivenAccepted;
      const receiptAt = at + sampleLognormal(Math.exp(m.receiptMu), m.receiptSigma, random);
      const completes = random() < (delivered ? m.completeGivenDelivered : m.completeGivenUndelivered);
      const completionAt = at + sampleLognormal(Math.exp(m.latencyMu), m.latencySigma, random);
      return {
        result: { status: 'accepted', providerMessageId: `fit-${sent}`, cost: m.acceptedCost },
        receipt: delivered
          ? { at: receiptAt, status: 'delivered' }
          : { at: receiptAt, status: 'failed', errorClass: 'unreachable' },
        ...(completes ? { inboxAt: completionAt } : {}),
      };
    },
  };
}

/** Users of the fitted world: the fitted completion latency already holds their typing time. */
export const FITTED_USERS: UserModel = Object.freeze({
  decide: (delayMs: number, windowMs: number) =>
    delayMs <= windowMs ? { completes: true, enterAfterMs: 0 } : { completes: false },
  completionProbability: (delayMs: number, windowMs: number) => (delayMs < windowMs ? 1 : 0),
  meanTypingMs: 0,
  typingCdf: () => 1,
});

/**
 * Expected reward of one attempt on the fitted world, for regret and the oracles:
 *
 *   E[r] = a * c * mean_k[ 1(e + L_k <= W) * reward(completed after L_k) ],
 *
 * a acceptance, c = d * c_d + (1 - d) * c_u the completion rate, L_k the fitted completion
 * latency at 8 equiprobable nodes, e the time since the request, W the window of `windowMs`.
 * Approximations: a late attempt is not settled as a soft failure first (the scenarios' truth
 * model accounts for the engine's time budget; this one does not), and `attemptsLeft` is ignored.
 */
export function fittedTruth(world: FittedWorld, weights: RewardWeights, windowMs: number): TruthModel {
  return {
    expectedReward(provider, country, operator, routeClass: RouteClass, at, elapsedMs) {
      const m = world.model({ country, operator, routeClass, at }, provider);
      const complete =
        m.deliverGivenAccepted * m.completeGivenDelivered + (1 - m.deliverGivenAccepted) * m.completeGivenUndelivered;
      const outcome = {
        accepted: true,
        delivered: true,
        completed: true,
        latencyMs: 0,
        cost: m.acceptedCost,
        windowMs,
        country,
      };
      let sum = 0;
      for (const z of NODES) {
        const latency = Math.exp(m.latencyMu + m.latencySigma * z);
        if (elapsedMs + latency <= windowMs) sum += completedReward(outcome, latency, weights);
      }
      return (m.accept * complete * sum) / NODES.length;
    },
  };
}

/** The most common window of the trace's verifications (the fitted truth's W). */
function commonWindow(requests: readonly SimRequest[]): number {
  const counts = new Map<number, number>();
  for (const r of requests) counts.set(r.windowMs ?? 0, (counts.get(r.windowMs ?? 0) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 300_000;
}

/**
 * What the logged system achieved, per verification, in the metrics of the simulated runs:
 * verifications whose attempts are all settled; regret, fraud spend and refusals are not
 * observable in a trace (NaN / 0).
 */
export function loggedVerificationMetrics(
  records: readonly DecisionRecord[],
): RunMetrics & { readonly verifications: number } {
  const groups = new Map<string, DecisionRecord[]>();
  for (const r of records) {
    let g = groups.get(r.verificationId);
    if (!g) groups.set(r.verificationId, (g = []));
    g.push(r);
  }
  let verifications = 0;
  let approved = 0;
  let attempts = 0;
  let fallbacks = 0;
  let spend = 0;
  const ttv: number[] = [];
  for (const g of groups.values()) {
    if (g.some((r) => r.outcome === null)) continue;
    verifications += 1;
    attempts += g.length;
    if (g.length > 1) fallbacks += 1;
    const start = Math.min(...g.map((r) => r.at));
    let done = Infinity;
    for (const r of g) {
      spend += r.outcome?.cost ?? 0;
      if (r.outcome?.completed) done = Math.min(done, r.at + r.outcome.latencyMs);
    }
    if (done < Infinity) {
      approved += 1;
      ttv.push((done - start) / 1000);
    }
  }
  ttv.sort((a, b) => a - b);
  return {
    verifications,
    completionRate: verifications > 0 ? approved / verifications : NaN,
    costPerCompleted: approved > 0 ? spend / approved : NaN,
    ttvP50Seconds: ttv.length > 0 ? quantileSorted(ttv, 0.5) : NaN,
    ttvP95Seconds: ttv.length > 0 ? quantileSorted(ttv, 0.95) : NaN,
    fallbackRate: verifications > 0 ? fallbacks / verifications : NaN,
    attemptsPerVerification: verifications > 0 ? attempts / verifications : NaN,
    regret: NaN,
    fraudSpend: 0,
    refusalRate: 0,
    decisions: attempts,
  };
}

export interface EngineReplayOptions {
  readonly weights: RewardWeights;
  /** Number of seeds, from `firstSeed` on; each draws the fitted world's outcomes afresh (default 5). */
  readonly seeds?: number;
  /** First seed (default 1). */
  readonly firstSeed?: number;
  readonly maxAttempts?: number;
  readonly fit?: FitOptions;
  /** Engines learn through their completion model (default), as the server's does. */
  readonly completionModel?: boolean;
  /** Told after each policy run (progress). */
  readonly onRun?: (info: {
    readonly seed: number;
    readonly policy: string;
    readonly result: RunResult;
    readonly done: number;
    readonly total: number;
  }) => void;
}

export interface EngineReplayReport {
  readonly verifications: number;
  readonly seeds: number;
  readonly maxAttempts: number;
  /** The W the fitted truth (regret, oracles) scores latency against. */
  readonly truthWindowMs: number;
  readonly table: RoutingTable;
  readonly minCellAttempts: number;
  readonly coverage: readonly CellCoverage[];
  readonly thinCells: readonly CellCoverage[];
  /** The trace's own per-verification metrics. */
  readonly logged: RunMetrics & { readonly verifications: number };
  readonly policies: readonly PolicySummary[];
}

/**
 * Model-based replay through the whole engine: fits a world from the trace ({@link fitWorld}),
 * then drives each logged verification through the production reducer and routing engine
 * (guards, health, soft-failure budgets, failover, delayed and completion-model feedback) in
 * simulated time with {@link runSimulated}, the scenarios' driver, on a {@link fittedNetwork}.
 * Every policy sees the same verifications and, per seed, the same network stream. Policies:
 * the engine's kinds plus `dynamic-oracle` and `best-fixed` (on the fitted truth).
 * Deterministic for the options.
 * @throws RangeError for an unknown policy or a bad option; TypeError when the trace's providers cannot be routed
 */
export function runEngineReplay(
  records: readonly DecisionRecord[],
  policies: readonly string[],
  options: EngineReplayOptions,
): EngineReplayReport {
  checkPolicies(policies);
  const seeds = options.seeds ?? DEFAULT_ENGINE_REPLAY_SEEDS;
  const firstSeed = options.firstSeed ?? 1;
  if (!(Number.isInteger(firstSeed) && firstSeed >= 0))
    throw new RangeError(`firstSeed must be an integer >= 0, got ${firstSeed}`);
  const maxAttempts = options.maxAttempts ?? DEFAULT_REPLAY_MAX_ATTEMPTS;
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError(`seeds must be an integer >= 1, got ${seeds}`);
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 5)) {
    throw new RangeError(`maxAttempts must be an integer in [1, 5], got ${maxAttempts}`);
  }
  const settled = records.filter((r) => r.outcome !== null);
  if (settled.length === 0) throw new RangeError('the trace has no settled attempts to fit a world from');
  const world = fitWorld(settled, options.fit);
  const requests = traceRequests(settled);
  const table = traceRoutingTable(settled);
  const windowMs = commonWindow(requests);
  const rewardConfig: RewardConfig = { version: 'replay', weights: options.weights, overrides: [] };
  const startMs = requests[0]?.at ?? 0;
  const last = requests.at(-1)?.at ?? startMs;
  const endMs = last + 600_000 + 1;
  const truth = fittedTruth(world, options.weights, windowMs);
  const runs: SeedRunResult[] = [];
  const total = seeds * policies.length;
  let done = 0;
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const setup: SimSetup = {
      seed,
      requests,
      windowMs,
      maxAttempts,
      maxChecks: MAX_CHECKS,
      table,
      rewardConfig,
      startMs,
      endMs,
      trackedSegments: [],
      incidents: [],
      users: FITTED_USERS,
      pumping: false,
      world: () => ({ network: fittedNetwork(world, streamSeed(seed, 'network')), truth }),
    };
    const ranking = fixedRanking(setup);
    const byPolicy: Record<string, RunResult> = {};
    for (const policy of policies) {
      const result = runSimulated(setup, policy, { ranking, completionModel: options.completionModel ?? true });
      byPolicy[policy] = result;
      done += 1;
      options.onRun?.({ seed, policy, result, done, total });
    }
    runs.push({ seed, requests: requests.length, incidents: [], runs: byPolicy });
  }
  return {
    verifications: requests.length,
    seeds,
    maxAttempts,
    truthWindowMs: windowMs,
    table,
    minCellAttempts: world.minCellAttempts,
    coverage: world.coverage,
    thinCells: world.coverage.filter((c) => c.thin),
    logged: loggedVerificationMetrics(settled),
    policies: summarize(runs, policies),
  };
}
