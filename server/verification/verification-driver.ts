import type { AttemptPatch, AttemptRecord, VerificationRecord } from '../../db/stores/verification-store.js';
import type { Stores } from '../../db/stores/stores.js';
import { segmentKey } from '../../engine/context/segment.js';
import { attemptObservations } from '../../engine/failover/attempt-observations.js';
import type { VerificationCommand } from '../../engine/failover/commands.js';
import type { VerificationEvent } from '../../engine/failover/events.js';
import { reduce } from '../../engine/failover/reduce.js';
import type { VerificationState } from '../../engine/failover/verification-state.js';
import type { RouteDecision, RoutingEngine } from '../../engine/routing-engine-types.js';
import type { AttemptOutcome, ProviderId, RequestContext } from '../../engine/types.js';
import type { ProviderAdapter, SendResult } from '../../providers/provider-adapter.js';
import type { EventBus, LiveEvent } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import type { PhoneCrypto } from '../security/phone-crypto.js';
import type { CodeHasher } from '../security/codes.js';
import { generateCode } from '../security/codes.js';
import { newId } from './ids.js';

export interface DriverDeps {
  readonly stores: Stores;
  readonly engine: RoutingEngine;
  readonly adapters: ReadonlyMap<ProviderId, ProviderAdapter>;
  readonly clock: () => number;
  readonly phones: PhoneCrypto;
  readonly codes: CodeHasher;
  readonly events: EventBus;
  readonly logger: Logger;
  /** Called when a verification is approved (pumping detection counts conversions per prefix). */
  readonly onApproved?: (record: VerificationRecord) => void;
  /** Called once a provider message id is recorded, so receipts that arrived before it can be applied. */
  readonly onAccepted?: (provider: ProviderId, providerMessageId: string) => Promise<void> | void;
  /** Provider send timeout, ms: a hanging provider is a soft failure, not a stuck request. */
  readonly sendTimeoutMs?: number;
}

/** A send to perform after the transaction that recorded it commits (outbox order). */
interface PendingSend {
  readonly attemptId: string;
  readonly provider: ProviderId;
  readonly code: string;
}

/** A verification as loaded for one step, with what the step must write. */
interface Step {
  readonly record: VerificationRecord;
  readonly isNew: boolean;
  state: VerificationState;
  readonly newAttempts: AttemptRecord[];
  /** Attempt column changes of this step (timers, provider message ids), written with it. */
  readonly patches: Map<string, AttemptPatch>;
  readonly sends: PendingSend[];
  readonly settlements: { attemptId: string; provider: ProviderId; ctx: RequestContext; outcome: AttemptOutcome; reward: number; cost: number }[];
  readonly transitions: { fromAttemptId: string; fromProvider: ProviderId; reason: string; to?: { attemptId: string; provider: ProviderId } | null }[];
  readonly codes: Map<string, string>;
  /** Live events of the step's routing decisions, published once the step is committed. */
  readonly decisions: LiveEvent[];
  finished?: string;
}

function patchAttempt(step: Step, attemptId: string, changes: AttemptPatch): void {
  step.patches.set(attemptId, { ...step.patches.get(attemptId), ...changes });
}

/** The context an attempt was decided in (hour of day from the decision time). */
export function contextOf(record: VerificationRecord, at: number): RequestContext {
  return {
    country: record.country,
    operator: record.operator,
    routeClass: record.routeClass,
    action: record.action,
    tenant: record.tenantId,
    fraudScore: record.fraudScore,
    windowMs: record.windowMs,
    at,
  };
}

/**
 * The real-time driver of `engine/failover` (ADR 0001): loads a verification, feeds events to
 * the pure reducer, executes its commands, and writes everything a step changed in ONE
 * transaction. Provider sends happen only after that transaction commits, from attempt rows
 * already stored as `sending` (an outbox): a crash between commit and send loses the SMS,
 * never the record, and the attempt's timer then fails it over. Timers are columns
 * (`attempts.timer_at`, `verifications.expires_at`) swept by {@link VerificationDriver.tick},
 * so they survive a restart.
 */
export class VerificationDriver {
  constructor(private readonly deps: DriverDeps) {}

  /**
   * Starts a new verification whose first routing decision was already made (so a refusal
   * writes nothing). Returns after the commit; sends run in the background and the promise
   * `sent` settles when the first send's answer has been applied.
   */
  start(record: VerificationRecord, firstDecision: Extract<RouteDecision, { kind: 'route' }>): { sent: Promise<void> } {
    const step = this.#newStep(record, true);
    this.#run(step, { type: 'verification.started', at: this.deps.clock() }, firstDecision);
    return { sent: this.#commit(step) };
  }

  /**
   * Applies one event to a stored verification; `patch` (e.g. the provider message id that came
   * with an acceptance) is written in the same transaction. Returns the new state, or undefined
   * when unknown.
   */
  dispatch(
    verificationId: string,
    event: VerificationEvent,
    patch?: { readonly attemptId: string; readonly changes: AttemptPatch },
  ): { state: VerificationState; sent: Promise<void> } | undefined {
    const record = this.deps.stores.verifications.findById(verificationId);
    if (!record) return undefined;
    const step = this.#newStep(record, false);
    if (patch) patchAttempt(step, patch.attemptId, patch.changes);
    this.#run(step, event);
    return { state: step.state, sent: this.#commit(step) };
  }

  /** Fires due soft-failure timers and expired windows. Call periodically; returns how many events fired. */
  tick(limit = 500): number {
    const now = this.deps.clock();
    let fired = 0;
    for (const a of this.deps.stores.verifications.findDueAttempts(now, limit)) {
      // A timer fires once: the reducer's step and clearing the timer commit together.
      this.dispatch(a.verificationId, { type: 'timer.fired', at: now, attemptId: a.id }, { attemptId: a.id, changes: { timerAt: null } });
      fired++;
    }
    for (const v of this.deps.stores.verifications.listExpiredPending(now, limit)) {
      this.dispatch(v.state.id, { type: 'window.expired', at: now });
      fired++;
    }
    return fired;
  }

  #newStep(record: VerificationRecord, isNew: boolean): Step {
    return {
      record,
      isNew,
      state: record.state,
      newAttempts: [],
      patches: new Map(),
      sends: [],
      settlements: [],
      transitions: [],
      codes: new Map(),
      decisions: [],
    };
  }

  #run(step: Step, first: VerificationEvent, firstDecision?: Extract<RouteDecision, { kind: 'route' }>): void {
    const queue: VerificationEvent[] = [first];
    let decision = firstDecision;
    for (let event = queue.shift(); event; event = queue.shift()) {
      const before = step.state;
      const result = reduce(before, event);
      step.state = result.state;
      const ctx = contextOf(step.record, event.at);
      for (const o of attemptObservations(before, step.state, event.at)) {
        this.deps.engine.observe(ctx, o.provider, o.observation, event.at);
      }
      for (const command of result.commands) {
        const next = this.#execute(step, command, event.at, decision);
        decision = undefined;
        if (next) queue.push(next);
      }
    }
  }

  #execute(step: Step, command: VerificationCommand, at: number, preDecided?: Extract<RouteDecision, { kind: 'route' }>): VerificationEvent | undefined {
    switch (command.type) {
      case 'route':
        return this.#route(step, command.exclude, at, preDecided);
      case 'send': {
        const code = step.codes.get(command.attemptId);
        if (code !== undefined) step.sends.push({ attemptId: command.attemptId, provider: command.provider, code });
        return undefined;
      }
      case 'arm-timer':
        patchAttempt(step, command.attemptId, { timerAt: at + command.ms });
        return undefined;
      case 'cancel-timer':
        patchAttempt(step, command.attemptId, { timerAt: null });
        return undefined;
      case 'arm-window':
        return undefined;
      case 'transition':
        step.transitions.push({ fromAttemptId: command.fromAttemptId, fromProvider: command.fromProvider, reason: command.reason });
        return undefined;
      case 'reward': {
        const attempt = step.state.attempts.find((a) => a.id === command.attemptId);
        const ctx = contextOf(step.record, attempt?.startedAt ?? at);
        const reward = this.deps.engine.rewardOf(ctx, command.outcome);
        step.settlements.push({ attemptId: command.attemptId, provider: command.provider, ctx, outcome: command.outcome, reward, cost: command.outcome.cost });
        return undefined;
      }
      case 'finish':
        step.finished = command.reason;
        return undefined;
      default: {
        const never: never = command;
        throw new TypeError(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  #route(step: Step, exclude: readonly ProviderId[], at: number, preDecided?: Extract<RouteDecision, { kind: 'route' }>): VerificationEvent {
    const { record } = step;
    const pendingTransition = step.transitions.find((t) => t.to === undefined);
    // A number the provider says is invalid will be invalid everywhere: do not spend on it again.
    if (step.state.attempts.some((a) => a.errorClass === 'invalid_number')) {
      if (pendingTransition) pendingTransition.to = null;
      return { type: 'route.unavailable', at, reason: 'invalid_number' };
    }
    const decision: RouteDecision =
      preDecided ??
      this.deps.engine.decide({
        ctx: contextOf(record, at),
        tried: exclude,
        remainingWindowMs: step.state.expiresAt - at,
      });
    if (decision.kind === 'refuse') {
      if (pendingTransition) pendingTransition.to = null;
      return { type: 'route.unavailable', at, reason: decision.code };
    }
    const attemptId = newId('at', at);
    const code = generateCode();
    step.codes.set(attemptId, code);
    const sel = decision.selection;
    const hourOfDay = new Date(at).getUTCHours();
    step.newAttempts.push({
      id: attemptId,
      verificationId: step.state.id,
      seq: step.state.attempts.length + 1,
      provider: decision.provider,
      codeHash: this.deps.codes.hashCode(code, attemptId),
      status: 'sending',
      startedAt: at,
      budgetMs: decision.budgetMs,
      timerAt: null,
      acceptedAt: null,
      receiptAt: null,
      completedAt: null,
      providerMessageId: null,
      cost: 0,
      errorClass: null,
      completed: false,
      settled: false,
      reward: null,
      propensity: sel.propensity,
      policyKind: sel.policy,
      policyVersion: sel.version,
      rewardVersion: this.deps.engine.rewardConfig.version,
      segment: segmentKey(record),
      decision: { probabilities: sel.probabilities, scores: sel.scores, explanation: decision.explanation },
      country: record.country,
      operator: record.operator,
      routeClass: record.routeClass,
      action: record.action,
      fraudScore: record.fraudScore,
      hour: hourOfDay,
    });
    if (pendingTransition) pendingTransition.to = { attemptId, provider: decision.provider };
    step.decisions.push({
      type: 'decision',
      at,
      data: {
        verificationId: step.state.id,
        attemptId,
        attemptNumber: step.state.attempts.length + 1,
        segment: segmentKey(record),
        provider: decision.provider,
        propensity: sel.propensity,
        probabilities: sel.probabilities,
        summary: decision.explanation.summary,
      },
    });
    return { type: 'route.chosen', at, attemptId, provider: decision.provider, codeId: attemptId, budgetMs: decision.budgetMs };
  }

  /** Writes one step atomically, then applies learning and starts the sends. */
  #commit(step: Step): Promise<void> {
    const { stores, engine } = this.deps;
    const applied: Step['settlements'] = [];
    stores.transaction(() => {
      // The step's patches and the completion time of newly completed attempts are written with
      // the rows they change: a new verification's rows are inserted as the step leaves them,
      // and a stored one's attempts get one UPDATE each (mirror and patch together).
      const patches = new Map(step.patches);
      for (const a of step.state.attempts) {
        if (a.completed && !step.record.state.attempts.find((b) => b.id === a.id)?.completed) {
          patches.set(a.id, { ...patches.get(a.id), completedAt: step.state.finishedAt ?? this.deps.clock() });
        }
      }
      if (step.isNew) stores.verifications.insert({ ...step.record, state: step.state }, step.newAttempts, patches);
      else {
        for (const a of step.newAttempts) stores.verifications.insertAttempt(a);
        stores.verifications.saveState(step.state, patches);
      }
      for (const t of step.transitions) {
        stores.transitions.insert({
          verificationId: step.state.id,
          fromAttemptId: t.fromAttemptId,
          fromProvider: t.fromProvider,
          toAttemptId: t.to?.attemptId ?? null,
          toProvider: t.to?.provider ?? null,
          reason: t.reason,
          at: this.deps.clock(),
        });
      }
      for (const s of step.settlements) {
        if (stores.verifications.settleAttempt(s.attemptId, s.reward, engine.rewardConfig.version)) applied.push(s);
      }
    });
    // Learning and events after the COMMIT (group commit: it comes after this turn of the event
    // loop): a reward is applied exactly once, because settleAttempt succeeds only for an
    // unsettled row, and never for a step that was not stored.
    const committed = stores.committed();
    committed
      .then(
        () => this.#afterCommit(step, applied),
        (error: unknown) => this.deps.logger.error('step not committed: no learning, no events', { verificationId: step.state.id, error: String(error) }),
      )
      .catch((error: unknown) => this.deps.logger.error('learning or events after a commit failed', { verificationId: step.state.id, error: String(error) }));
    return Promise.all(step.sends.map((s) => this.#send(step.record, s, committed))).then(() => undefined);
  }

  #afterCommit(step: Step, applied: Step['settlements']): void {
    const { engine } = this.deps;
    for (const d of step.decisions) this.deps.events.publish(d);
    for (const s of applied) {
      engine.learnOutcome(s.ctx, s.provider, s.outcome, s.reward, this.deps.clock());
      this.deps.events.publish({
        type: 'outcome',
        at: this.deps.clock(),
        data: { verificationId: step.state.id, attemptId: s.attemptId, provider: s.provider, segment: segmentKey(step.record), reward: s.reward, cost: s.cost },
      });
    }
    if (step.finished) {
      this.deps.events.publish({
        type: 'verification',
        at: this.deps.clock(),
        data: { verificationId: step.state.id, status: step.state.status, reason: step.finished, attempts: step.state.attempts.length },
      });
      if (step.state.status === 'approved') this.deps.onApproved?.(step.record);
    }
  }

  async #send(record: VerificationRecord, send: PendingSend, committed: Promise<void>): Promise<void> {
    // Outbox order: the provider is called only once the attempt's record is committed (also
    // when the step ran inside a caller's transaction, which commits with the same batch).
    try {
      await committed;
    } catch {
      return; // not stored, so not sent (logged once by #commit)
    }
    const adapter = this.deps.adapters.get(send.provider);
    let result: SendResult;
    if (!adapter) {
      result = { status: 'rejected', errorClass: 'provider_error', retryable: false, detail: 'no adapter configured' };
    } else {
      const signal = AbortSignal.timeout(this.deps.sendTimeoutMs ?? 10_000);
      try {
        result = await adapter.send(
          {
            attemptId: send.attemptId,
            to: this.deps.phones.decryptPhone(record.phoneEnc, record.phoneKeyId),
            country: record.country,
            operator: record.operator,
            routeClass: record.routeClass,
            body: `Your verification code is ${send.code}. Do not share it.`,
          },
          signal,
        );
      } catch (err) {
        this.deps.logger.warn('provider send threw', { provider: send.provider, attemptId: send.attemptId, error: String(err) });
        result = { status: 'rejected', errorClass: 'provider_error', retryable: true };
      }
    }
    const at = this.deps.clock();
    if (result.status === 'accepted') {
      const done = this.dispatch(
        record.state.id,
        { type: 'attempt.accepted', at, attemptId: send.attemptId, cost: result.cost },
        { attemptId: send.attemptId, changes: { providerMessageId: result.providerMessageId } },
      );
      await done?.sent;
      await this.deps.onAccepted?.(send.provider, result.providerMessageId);
    } else if (result.errorClass === 'timeout') {
      // No answer (hang, abort, reset): the message may have gone out, so this is a soft failure
      // like an expired budget — fail over now, but keep the attempt's code live for a late SMS.
      const done = this.dispatch(record.state.id, { type: 'timer.fired', at, attemptId: send.attemptId });
      await done?.sent;
    } else {
      const done = this.dispatch(record.state.id, { type: 'attempt.rejected', at, attemptId: send.attemptId, errorClass: result.errorClass });
      await done?.sent;
    }
  }
}
