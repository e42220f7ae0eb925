import type { VerificationCommand } from './commands.js';
import type { VerificationEvent } from './events.js';
import { FAILURE_REASONS, hasArmedTimer, isLive, nextAttempt, type AttemptEvent } from './attempt-progress.js';
import { finishVerification } from './finish-verification.js';
import { settleAttempt } from './settle-attempt.js';
import { attemptWith, stateWith } from './state-with.js';
import type { AttemptState, VerificationState } from './verification-state.js';

export interface ReduceResult {
  readonly state: VerificationState;
  readonly commands: VerificationCommand[];
}

const isFinished = (state: VerificationState): boolean => state.finishReason !== undefined;
const unchanged = (state: VerificationState): ReduceResult => ({ state, commands: [] });

function withAttempt(state: VerificationState, index: number, attempt: AttemptState): VerificationState {
  const attempts = state.attempts.slice();
  attempts[index] = attempt;
  return stateWith(state, { attempts });
}

function routeCommand(state: VerificationState): VerificationCommand {
  const exclude = [...new Set(state.attempts.map((a) => a.provider))];
  return { type: 'route', attemptNumber: state.attempts.length + 1, exclude };
}

/** A delivered message is with the user: never fail over past it. */
const hasDelivered = (state: VerificationState): boolean => state.attempts.some((a) => a.status === 'delivered');

const canRoute = (state: VerificationState, at: number): boolean =>
  !state.routing && state.attempts.length < state.maxAttempts && at < state.expiresAt && !hasDelivered(state);

function start(state: VerificationState): ReduceResult {
  if (isFinished(state) || state.routing || state.attempts.length > 0) return unchanged(state);
  return {
    state: stateWith(state, { routing: true }),
    commands: [{ type: 'arm-window', at: state.expiresAt }, routeCommand(state)],
  };
}

function startAttempt(
  state: VerificationState,
  event: Extract<VerificationEvent, { type: 'route.chosen' }>,
): ReduceResult {
  if (isFinished(state) || !state.routing || state.attempts.length >= state.maxAttempts) return unchanged(state);
  if (state.attempts.some((a) => a.id === event.attemptId)) return unchanged(state);
  // An earlier attempt was delivered while the router was choosing: the user has a code.
  if (hasDelivered(state)) return unchanged(stateWith(state, { routing: false }));
  const attempt: AttemptState = {
    id: event.attemptId,
    provider: event.provider,
    codeId: event.codeId,
    status: 'sending',
    startedAt: event.at,
    budgetMs: event.budgetMs,
    // Present from the start (see createVerification): one shape for every copy of an attempt.
    acceptedAt: undefined,
    receiptAt: undefined,
    errorClass: undefined,
    settled: false,
    completed: false,
    cost: 0,
  };
  return {
    state: stateWith(state, { routing: false, attempts: [...state.attempts, attempt] }),
    commands: [
      { type: 'send', attemptId: attempt.id, provider: attempt.provider, codeId: attempt.codeId },
      { type: 'arm-timer', attemptId: attempt.id, ms: Math.min(event.budgetMs, state.expiresAt - event.at) },
    ],
  };
}

function routeUnavailable(state: VerificationState, at: number): ReduceResult {
  if (isFinished(state) || !state.routing) return unchanged(state);
  const next = stateWith(state, { routing: false });
  if (next.attempts.some(isLive)) return unchanged(next);
  return finishVerification(next, next.attempts.length === 0 ? 'no_provider' : 'attempts_exhausted', at);
}

function onAttemptEvent(state: VerificationState, event: AttemptEvent): ReduceResult {
  const index = state.attempts.findIndex((a) => a.id === event.attemptId);
  const before = state.attempts[index];
  if (before === undefined || (isFinished(state) && event.type === 'timer.fired')) return unchanged(state);
  let after = nextAttempt(before, event);
  if (after === before) return unchanged(state);
  if (isFinished(state)) return unchanged(withAttempt(state, index, after));

  const commands: VerificationCommand[] = [];
  if (hasArmedTimer(before) && !hasArmedTimer(after) && event.type !== 'timer.fired') {
    commands.push({ type: 'cancel-timer', attemptId: after.id });
  }
  const reason = hasArmedTimer(before) ? FAILURE_REASONS[after.status] : undefined;
  if (reason !== undefined) {
    const settled = settleAttempt(state, after, event.at, false);
    after = settled.attempt;
    commands.push(settled.command, {
      type: 'transition',
      fromAttemptId: after.id,
      fromProvider: after.provider,
      reason,
    });
  }
  let next = withAttempt(state, index, after);
  // A failure moves on at once; otherwise only when nothing is left to wait for.
  if (canRoute(next, event.at) && (reason !== undefined || !next.attempts.some(isLive))) {
    commands.push(routeCommand(next));
    next = stateWith(next, { routing: true });
  } else if (!next.routing && !next.attempts.some(isLive)) {
    const finished = finishVerification(next, 'attempts_exhausted', event.at);
    return { state: finished.state, commands: [...commands, ...finished.commands] };
  }
  return { state: next, commands };
}

function checkCode(
  state: VerificationState,
  event: Extract<VerificationEvent, { type: 'code.checked' }>,
): ReduceResult {
  if (isFinished(state)) return unchanged(state);
  const index = state.attempts.findIndex((a) => a.id === event.matchedAttemptId && isLive(a));
  const matched = state.attempts[index];
  if (matched === undefined) {
    const next = stateWith(state, { checks: state.checks + 1 });
    return next.checks >= next.maxChecks ? finishVerification(next, 'max_checks', event.at) : unchanged(next);
  }
  const commands: VerificationCommand[] = [];
  let completer: AttemptState = attemptWith(matched, { completed: true });
  if (!matched.settled) {
    const settled = settleAttempt(state, matched, event.at, true);
    completer = settled.attempt;
    commands.push(settled.command);
  }
  const finished = finishVerification(withAttempt(state, index, completer), 'approved', event.at);
  return { state: finished.state, commands: [...commands, ...finished.commands] };
}

function checkEvent(event: VerificationEvent): void {
  if (!Number.isFinite(event.at)) throw new RangeError(`event.at must be finite epoch milliseconds, got ${event.at}`);
  if (event.type === 'route.chosen' && !(Number.isFinite(event.budgetMs) && event.budgetMs > 0)) {
    throw new RangeError(`route.chosen budgetMs must be a finite number > 0, got ${event.budgetMs}`);
  }
  const cost = event.type === 'attempt.accepted' || event.type === 'attempt.rejected' ? event.cost : undefined;
  if (cost !== undefined && !(Number.isFinite(cost) && cost >= 0)) {
    throw new RangeError(`${event.type} cost must be a finite number >= 0, got ${cost}`);
  }
}

/**
 * The failover state machine (DESIGN.md "One state machine, two drivers"): a pure,
 * deterministic `(state, event) -> (state, commands)` that never mutates `state`.
 *
 * - The window is authoritative: any event at or after `expiresAt` on an unfinished
 *   verification first finishes it `expired`, so no attempt starts at or past `expiresAt`.
 * - Provider answers are attributed to their own attempt and only move its status
 *   forward (see `nextAttempt`); after `finish` they are recorded but emit nothing.
 * - A hard failure (`attempt.rejected`, `receipt.failed`) or a timeout settles the
 *   attempt's reward as not completed, records a `transition` and routes the next
 *   attempt while attempts and window remain. A timed-out attempt stays live: its
 *   late SMS can still complete the verification, but its reward is not settled again.
 *   Once any attempt is delivered nothing new is routed or sent (a `route.chosen` that
 *   arrives after a delivery is dropped), so drivers register decisions on `send`.
 * - `finish` is emitted once, with `cancel-timer` for armed timers and a `reward` for
 *   every unsettled attempt, so each started attempt is settled exactly once.
 * @throws RangeError for a malformed event (non-finite `at`, `budgetMs` <= 0, negative cost)
 */
export function reduce(state: VerificationState, event: VerificationEvent): ReduceResult {
  checkEvent(event);
  if (!isFinished(state) && event.at >= state.expiresAt && event.type !== 'window.expired') {
    const expired = finishVerification(state, 'expired', event.at);
    const after = reduce(expired.state, event);
    return { state: after.state, commands: [...expired.commands, ...after.commands] };
  }
  switch (event.type) {
    case 'verification.started':
      return start(state);
    case 'route.chosen':
      return startAttempt(state, event);
    case 'route.unavailable':
      return routeUnavailable(state, event.at);
    case 'attempt.accepted':
    case 'attempt.rejected':
    case 'receipt.delivered':
    case 'receipt.failed':
    case 'timer.fired':
      return onAttemptEvent(state, event);
    case 'code.checked':
      return checkCode(state, event);
    case 'window.expired':
      return isFinished(state) ? unchanged(state) : finishVerification(state, 'expired', event.at);
    case 'verification.canceled':
      return isFinished(state) ? unchanged(state) : finishVerification(state, 'canceled', event.at);
    default: {
      const unexpected: never = event;
      throw new TypeError(`unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
