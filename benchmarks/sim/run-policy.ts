import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import type { VerificationCommand } from '../../engine/failover/commands.js';
import { createVerification } from '../../engine/failover/create-verification.js';
import type { VerificationEvent } from '../../engine/failover/events.js';
import { reduce } from '../../engine/failover/reduce.js';
import type { AttemptState, VerificationState } from '../../engine/failover/verification-state.js';
import type { PrefixVelocity } from '../../engine/guards/prefix-velocity.js';
import { mulberry32 } from '../../engine/rng.js';
import type { Observation, RoutingEngine } from '../../engine/routing-engine-types.js';
import type { ProviderId, RequestContext } from '../../engine/types.js';
import type { RunRecorder } from '../metrics/run-recorder.js';
import type { TruthModel } from '../oracles/truth-model.js';
import { EventQueue } from './event-queue.js';
import type { SimRequest } from './generate-traffic.js';
import type { SimNetwork } from './price-changes.js';
import type { UserModel } from './user-model.js';

/** Tenant of every simulated request. */
export const BENCH_TENANT = 'bench';
/** E.164 characters (with "+") that form the prefix the pumping detector counts per. */
export const PUMPING_PREFIX_CHARS = 6;

/** The simulation clock the engine and the oracles read through `deps.now`. */
export interface SimClock {
  now(): number;
  set(at: number): void;
}

export function createSimClock(start: number): SimClock {
  let t = start;
  return { now: () => t, set: (at) => void (t = at) };
}

export interface RunPolicyInput {
  readonly requests: readonly SimRequest[];
  /** Verification window of every request without its own `windowMs`. */
  readonly windowMs: number;
  readonly maxAttempts: number;
  readonly maxChecks: number;
  /** Only `send` is used: any network that decides a message's fate at send time will do. */
  readonly network: Pick<SimNetwork, 'send'>;
  readonly engine: RoutingEngine;
  readonly clock: SimClock;
  /** Ground truth of the same network, for per-decision regret. */
  readonly truth: TruthModel;
  readonly users: UserModel;
  readonly recorder: RunRecorder;
  /** Pumping detector fed with sends and completions; its verdict goes into every route request. */
  readonly pumping?: PrefixVelocity;
  /** Prefix of verification ids in decision records (e.g. `s3`). */
  readonly idPrefix: string;
  /** Receives one decision record per attempt when it is settled (`--trace`). */
  readonly trace?: (record: DecisionRecord) => void;
}

/** Observations without a payload, shared: one is made for nearly every event. */
const SENT: Observation = Object.freeze({ type: 'sent' });
const TIMEOUT: Observation = Object.freeze({ type: 'timeout' });

interface Live {
  readonly req: SimRequest;
  readonly ctx: RequestContext;
  readonly id: string;
  /** segmentKey(ctx) and the pumping prefix of the number, computed once per verification. */
  readonly segment: string;
  readonly prefix: string;
  state: VerificationState;
  done: boolean;
  userRandom: (() => number) | undefined;
  records: Map<string, DecisionRecord> | undefined;
}

interface Pending {
  readonly live: Live;
  readonly event: VerificationEvent;
}

/**
 * Runs one policy over one seed's requests in simulated time: a discrete-event loop over a
 * binary-heap queue merged with the (sorted) arrivals. Each verification goes through the
 * production reducer (`engine/failover/reduce`) and the shared {@link RoutingEngine};
 * commands are executed as the server would: `route` -> `engine.decide` -> `route.chosen` /
 * `route.unavailable` at once; `send` -> `network.send`, whose answer is scheduled now, its
 * receipt at `receipt.at`, and the user's code entry at the landing time plus typing time
 * (the user decides when the code lands, from the delay since the request); `arm-timer` and
 * `arm-window` -> scheduled events; `reward` -> `engine.settle`. Health observations follow
 * every provider answer. Events of finished verifications are dropped (as a driver drops
 * timers on `finish`). Returns the number of routing decisions.
 */
export function runPolicy(input: RunPolicyInput): number {
  const { requests, network, engine, clock, truth, users, recorder, pumping, trace } = input;
  const queue = new EventQueue<Pending>();
  let decisions = 0;

  const schedule = (live: Live, event: VerificationEvent): void => queue.push(event.at, { live, event });

  const attemptOf = (live: Live, attemptId: string | null): AttemptState | undefined => {
    for (const a of live.state.attempts) if (a.id === attemptId) return a;
    return undefined;
  };

  const route = (live: Live, cmd: Extract<VerificationCommand, { type: 'route' }>, at: number): void => {
    decisions++;
    const { ctx } = live;
    const decision = engine.decide({
      ctx,
      tried: cmd.exclude,
      remainingWindowMs: Math.max(0, live.state.expiresAt - at),
      pumping: pumping?.check(live.prefix, at),
    });
    if (decision.kind === 'refuse') {
      recorder.refusal();
      dispatch(live, { type: 'route.unavailable', at, reason: decision.code });
      return;
    }
    const { provider, selection } = decision;
    let best = 0;
    let chosen = 0;
    const attemptsLeft = live.state.maxAttempts - cmd.attemptNumber + 1;
    // One score per eligible provider.
    for (const p of Object.keys(selection.scores)) {
      const er = truth.expectedReward(p, ctx.country, ctx.operator, ctx.routeClass, at, at - ctx.at, attemptsLeft);
      if (er > best) best = er;
      if (p === provider) chosen = er;
    }
    recorder.decision(live.segment, cmd.attemptNumber, at, provider, best - chosen);
    if (decision.maxAttempts < live.state.maxAttempts) live.state = { ...live.state, maxAttempts: decision.maxAttempts };
    const attemptId = `${live.id}-${cmd.attemptNumber}`;
    if (trace) {
      (live.records ??= new Map()).set(attemptId, {
        attemptId,
        verificationId: live.id,
        attemptNumber: cmd.attemptNumber,
        at,
        context: {
          country: ctx.country,
          operator: ctx.operator,
          routeClass: ctx.routeClass,
          action: ctx.action,
          tenant: ctx.tenant,
          fraudScore: ctx.fraudScore,
          windowMs: ctx.windowMs,
        },
        segment: live.segment,
        provider,
        propensity: selection.propensity,
        probabilities: selection.probabilities,
        policy: selection.policy,
        policyVersion: selection.version,
        rewardVersion: engine.rewardConfig.version,
        outcome: null,
        reward: null,
      });
    }
    dispatch(live, { type: 'route.chosen', at, attemptId, provider, codeId: attemptId, budgetMs: Math.max(1, decision.budgetMs) });
  };

  const send = (live: Live, cmd: Extract<VerificationCommand, { type: 'send' }>, at: number): void => {
    const { req, ctx } = live;
    const provider: ProviderId = cmd.provider;
    const out = network.send(
      { attemptId: cmd.attemptId, to: req.to, country: req.country, operator: req.operator, routeClass: req.routeClass, body: cmd.codeId, provider },
      at,
    );
    engine.observe(ctx, provider, SENT, at);
    pumping?.recordSend(live.prefix, at);
    if (out.result.status === 'rejected') {
      schedule(live, { type: 'attempt.rejected', at, attemptId: cmd.attemptId, errorClass: out.result.errorClass });
      return;
    }
    recorder.spend(req.fraudulent, out.result.cost, at);
    schedule(live, { type: 'attempt.accepted', at, attemptId: cmd.attemptId, cost: out.result.cost });
    if (out.receipt) {
      const r = out.receipt;
      schedule(
        live,
        r.status === 'delivered'
          ? { type: 'receipt.delivered', at: r.at, attemptId: cmd.attemptId }
          : { type: 'receipt.failed', at: r.at, attemptId: cmd.attemptId, errorClass: r.errorClass ?? 'unknown' },
      );
    }
    if (out.inboxAt !== undefined) {
      const random = (live.userRandom ??= mulberry32(req.userSeed));
      const choice = users.decide(Math.max(0, out.inboxAt - req.at), ctx.windowMs, random, req.fraudulent);
      if (choice.completes) {
        schedule(live, { type: 'code.checked', at: out.inboxAt + (choice.enterAfterMs ?? 0), matchedAttemptId: cmd.attemptId });
      }
    }
  };

  const execute = (live: Live, cmd: VerificationCommand, at: number): void => {
    switch (cmd.type) {
      case 'route':
        return route(live, cmd, at);
      case 'send':
        return send(live, cmd, at);
      case 'arm-timer':
        return schedule(live, { type: 'timer.fired', at: at + cmd.ms, attemptId: cmd.attemptId });
      case 'arm-window':
        return schedule(live, { type: 'window.expired', at: cmd.at });
      case 'transition':
        if (cmd.reason === 'timed_out') engine.observe(live.ctx, cmd.fromProvider, TIMEOUT, at);
        return;
      case 'reward': {
        const reward = engine.settle(live.ctx, cmd.provider, cmd.outcome, at);
        const record = live.records?.get(cmd.attemptId);
        if (record && trace) {
          const { accepted, delivered, completed, latencyMs, cost, signalMs } = cmd.outcome;
          const outcome = { accepted, delivered, completed, latencyMs, cost, ...(signalMs !== undefined ? { signalMs } : {}) };
          trace({ ...record, outcome, reward });
        }
        return;
      }
      case 'finish': {
        live.done = true;
        const approved = cmd.reason === 'approved';
        recorder.finish(live.req.fraudulent, approved, live.req.at, at, live.state.attempts.length);
        return;
      }
      case 'cancel-timer':
        return;
      default: {
        const unexpected: never = cmd;
        throw new TypeError(`unknown command ${JSON.stringify(unexpected)}`);
      }
    }
  };

  const observeEvent = (live: Live, event: VerificationEvent): void => {
    const { ctx } = live;
    switch (event.type) {
      case 'attempt.accepted':
      case 'attempt.rejected':
      case 'receipt.delivered':
      case 'receipt.failed': {
        const attempt = attemptOf(live, event.attemptId);
        if (!attempt) return;
        if (event.type === 'attempt.accepted') engine.observe(ctx, attempt.provider, { type: 'accepted', cost: event.cost }, event.at);
        else if (event.type === 'attempt.rejected') engine.observe(ctx, attempt.provider, { type: 'rejected', errorClass: event.errorClass }, event.at);
        else if (event.type === 'receipt.delivered') {
          engine.observe(ctx, attempt.provider, { type: 'delivered', latencyMs: event.at - attempt.startedAt }, event.at);
        } else engine.observe(ctx, attempt.provider, { type: 'undelivered', errorClass: event.errorClass }, event.at);
        return;
      }
      default:
        return;
    }
  };

  const dispatch = (live: Live, event: VerificationEvent): void => {
    const result = reduce(live.state, event);
    live.state = result.state;
    if (event.type === 'code.checked' && result.state.finishReason === 'approved') {
      const attempt = attemptOf(live, event.matchedAttemptId);
      if (attempt) engine.observe(live.ctx, attempt.provider, { type: 'completed', latencyMs: event.at - attempt.startedAt }, event.at);
      pumping?.recordCompletion(live.prefix, event.at);
    }
    for (const cmd of result.commands) execute(live, cmd, event.at);
  };

  const start = (req: SimRequest): void => {
    const id = `${input.idPrefix}-${req.index}`;
    const windowMs = req.windowMs ?? input.windowMs;
    const ctx: RequestContext = {
      country: req.country,
      operator: req.operator,
      routeClass: req.routeClass,
      action: req.action,
      tenant: BENCH_TENANT,
      fraudScore: req.fraudScore,
      windowMs,
      at: req.at,
    };
    const state = createVerification({
      id,
      createdAt: req.at,
      windowMs,
      maxAttempts: input.maxAttempts,
      maxChecks: input.maxChecks,
      country: req.country,
    });
    const live: Live = {
      req,
      ctx,
      id,
      segment: segmentKey(ctx),
      prefix: req.to.slice(0, PUMPING_PREFIX_CHARS),
      state,
      done: false,
      userRandom: undefined,
      records: undefined,
    };
    dispatch(live, { type: 'verification.started', at: req.at });
  };

  let next = 0;
  for (;;) {
    const queued = queue.peekTime();
    const arrival = requests[next];
    if (arrival !== undefined && (queued === undefined || arrival.at <= queued)) {
      clock.set(arrival.at);
      start(arrival);
      next++;
      continue;
    }
    const item = queue.popItem();
    if (item === undefined || queued === undefined) break;
    const { live, event } = item;
    clock.set(queued);
    // Late provider answers still tell health something; everything else of a finished verification is dropped.
    observeEvent(live, event);
    if (!live.done) dispatch(live, event);
  }
  return decisions;
}
