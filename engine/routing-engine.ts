import { segmentKey } from './context/segment.js';
import { explainDecision } from './explain/explain.js';
import { routedDecision } from './explain/routed-decision.js';
import { attemptBudgetMs, createAttemptBudgetConfig, type AttemptBudgetConfig } from './failover/attempt-budget.js';
import { defaultGuards } from './guards/default-guards.js';
import type { Guard } from './guards/guard.js';
import { orderGuards, runOrderedGuards } from './guards/guard-chain.js';
import { HealthRegistry } from './health/health-registry.js';
import { ShiftDetector } from './health/shift-detector.js';
import type { Policy } from './learning/policy.js';
import { CompletionModel } from './reward/completion-model.js';
import { reward } from './reward/reward.js';
import {
  resolveRewardWeights,
  validateRewardConfig,
  type RewardConfig,
  type RewardWeights,
} from './reward/reward-weights.js';
import type { Observation, RouteDecision, RouteRequest, RoutingEngine, RoutingEngineSnapshot } from './routing-engine-types.js';
import { routesFor, validateRoutingTable, type RouteEntry, type RoutingTable } from './routing-table.js';
import type { AttemptOutcome, ProviderId, RequestContext } from './types.js';

export interface RoutingEngineOptions {
  readonly policy: Policy;
  readonly table: RoutingTable;
  readonly rewardConfig: RewardConfig;
  readonly guards?: readonly Guard[];
  readonly health?: HealthRegistry;
  readonly budget?: Partial<AttemptBudgetConfig>;
  /** Latency and price shift detection feeding `policy.notifyShift`; `false` turns it off. */
  readonly shifts?: ShiftDetector | false;
  /** Completion model that takes the user's noise out of learning rewards; `false` learns actual rewards. */
  readonly completion?: CompletionModel | false;
}

/**
 * Engine options that restore what `snapshot` (from `snapshotLearned`) holds: its completion
 * model and shift detector. A part saved as null (an engine that ran without it) is left to
 * the defaults.
 * @throws TypeError or RangeError naming the field when the snapshot is malformed
 */
export function restoredLearning(snapshot: RoutingEngineSnapshot): Pick<RoutingEngineOptions, 'completion' | 'shifts'> {
  if (snapshot?.kind !== 'routing-engine' || snapshot.version !== '1')
    throw new TypeError('snapshot must be a routing-engine snapshot, version "1"');
  const { completion, shifts } = snapshot.state ?? {};
  return {
    ...(completion ? { completion: CompletionModel.restore(completion) } : {}),
    ...(shifts ? { shifts: ShiftDetector.restore(shifts) } : {}),
  };
}

/**
 * The engine facade both drivers call (ADR 0001). On the way in: routing table ->
 * candidates with health -> guards (hard rules, in a fixed order) -> policy -> attempt
 * budget -> explanation. On the way back: health and breakers from observations, shifts of a
 * provider's delivery latency or price (ShiftDetector) passed to `policy.notifyShift`, and one
 * policy update per settled attempt with the reward under the current reward config.
 *
 * Learning never overrides a guard: the policy only ever sees the providers the guard chain
 * left.
 */
export function createRoutingEngine(options: RoutingEngineOptions): RoutingEngine & { readonly health: HealthRegistry } {
  const policy = options.policy;
  const health = options.health ?? new HealthRegistry();
  const shifts = options.shifts === false ? undefined : (options.shifts ?? new ShiftDetector());
  const completion = options.completion === false ? undefined : (options.completion ?? new CompletionModel());
  const guards = orderGuards(options.guards ?? defaultGuards());
  const budgetConfig = createAttemptBudgetConfig(options.budget);
  let table = validateRoutingTable(options.table);
  let rewardConfig = validateRewardConfig(options.rewardConfig);
  /** routesFor(table, country, class) per country and class, until the table changes. */
  let routeMemo = new Map<string, { premium?: readonly RouteEntry[]; standard?: readonly RouteEntry[] }>();

  function routes(ctx: RequestContext): readonly RouteEntry[] {
    if (table.countries[ctx.country] === undefined) return [];
    let byClass = routeMemo.get(ctx.country);
    if (byClass === undefined) {
      byClass = {};
      routeMemo.set(ctx.country, byClass);
    }
    return (byClass[ctx.routeClass] ??= routesFor(table, ctx.country, ctx.routeClass));
  }

  /**
   * segmentKey of the context seen last: a driver passes one context object through every
   * step of a verification, and a decision and its send's observation come in a row.
   */
  let lastCtx: RequestContext | undefined;
  let lastSegment = '';
  function segmentOf(ctx: RequestContext): string {
    if (ctx !== lastCtx) {
      lastSegment = segmentKey(ctx);
      lastCtx = ctx;
    }
    return lastSegment;
  }

  function decide(request: RouteRequest): RouteDecision {
    const { ctx } = request;
    const segment = segmentOf(ctx);
    // Absent optional fields are passed as undefined, which guards treat alike, rather than
    // spread in: object spread is several times slower on this path.
    const chain = runOrderedGuards(guards, {
      ctx,
      candidates: health.candidates(ctx, routes(ctx), ctx.at, segment),
      tried: request.tried,
      remainingWindowMs: request.remainingWindowMs,
      allowedCountries: request.allowedCountries,
      rateLimit: request.rateLimit,
      pumping: request.pumping,
    });
    if (chain.outcome === 'deny') {
      const refusal = { code: chain.code, reason: chain.reason };
      return {
        kind: 'refuse',
        code: chain.code,
        reason: chain.reason,
        ...(chain.retryAfterMs !== undefined ? { retryAfterMs: chain.retryAfterMs } : {}),
        explanation: explainDecision({
          segment,
          applied: chain.applied,
          refusal,
          policy: policy.kind,
          policyVersion: policy.version,
          rewardVersion: rewardConfig.version,
        }),
      };
    }
    const eligible = chain.eligible.map((c) => c.provider);
    const selection = policy.select(ctx, eligible);
    const chosen = chain.eligible.find((c) => c.provider === selection.provider);
    const budgetMs = attemptBudgetMs(
      {
        expectedDeliveryMs: chosen?.expectedDeliveryMs ?? 0,
        remainingWindowMs: Math.max(0, request.remainingWindowMs),
        attemptsLeft: Math.max(1, chain.maxAttempts - request.tried.length),
      },
      budgetConfig,
    );
    return routedDecision(selection, budgetMs, chain.maxAttempts, {
      segment,
      applied: chain.applied,
      selection,
      policy: policy.kind,
      policyVersion: policy.version,
      rewardVersion: rewardConfig.version,
    });
  }

  function observe(ctx: RequestContext, provider: ProviderId, o: Observation, at: number): void {
    const segment = segmentOf(ctx);
    switch (o.type) {
      case 'sent':
        return health.recordSend(segment, provider, at);
      case 'accepted':
        health.recordAccepted(segment, provider, at);
        if (o.cost !== undefined && shifts?.price(segment, provider, o.cost))
          policy.notifyShift?.(ctx, provider, at, 'price');
        return;
      case 'rejected':
        return health.recordRejected(segment, provider, o.errorClass, at);
      case 'delivered':
        health.recordDelivered(segment, provider, o.latencyMs, at);
        if (shifts?.latency(segment, provider, o.latencyMs)) policy.notifyShift?.(ctx, provider, at, 'latency');
        return;
      case 'undelivered':
        return health.recordUndelivered(segment, provider, o.errorClass, at);
      case 'timeout':
        return health.recordTimeout(segment, provider, at);
      case 'completed':
        return health.recordCompleted(segment, provider, o.latencyMs, at);
      default: {
        const never: never = o;
        throw new TypeError(`unknown observation ${JSON.stringify(never)}`);
      }
    }
  }

  const rewardOf = (ctx: RequestContext, outcome: AttemptOutcome): number =>
    reward(outcome, resolveRewardWeights(rewardConfig, ctx.tenant, ctx.action));
  const learn = (ctx: RequestContext, provider: ProviderId, r: number, at: number): void =>
    policy.update({ ctx, provider, reward: r, at });

  /** Teaches the policy the outcome whose actual reward under `weights` is `r`. */
  function teach(
    ctx: RequestContext,
    provider: ProviderId,
    outcome: AttemptOutcome,
    r: number,
    weights: RewardWeights,
    at: number,
  ): void {
    learn(ctx, provider, completion ? completion.learningReward(ctx, provider, outcome, r, weights, at) : r, at);
  }

  const learnOutcome = (ctx: RequestContext, provider: ProviderId, outcome: AttemptOutcome, r: number, at: number): void =>
    teach(ctx, provider, outcome, r, resolveRewardWeights(rewardConfig, ctx.tenant, ctx.action), at);

  function settle(ctx: RequestContext, provider: ProviderId, outcome: AttemptOutcome, at: number): number {
    // One weight lookup for both the actual reward and the learning reward.
    const weights = resolveRewardWeights(rewardConfig, ctx.tenant, ctx.action);
    const r = reward(outcome, weights);
    teach(ctx, provider, outcome, r, weights, at);
    return r;
  }

  return {
    policy,
    health,
    ...(completion ? { completion } : {}),
    decide,
    observe,
    rewardOf,
    learn,
    learnOutcome,
    settle,
    setRewardConfig: (c) => {
      rewardConfig = validateRewardConfig(c);
    },
    setRoutingTable: (t) => {
      table = validateRoutingTable(t);
      routeMemo = new Map();
    },
    snapshotLearned: () => ({
      kind: 'routing-engine',
      version: '1',
      state: { completion: completion?.snapshot() ?? null, shifts: shifts?.snapshot() ?? null },
    }),
    get rewardConfig() {
      return rewardConfig;
    },
    get routingTable() {
      return table;
    },
  };
}
