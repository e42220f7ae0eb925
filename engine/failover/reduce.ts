import type { VerificationCommand } from './commands.js';
import type { VerificationEvent } from './events.js';
import { FAILURE_REASONS, hasArmedTimer, isLive, nextAttempt, type AttemptEvent } from './attempt-progress.js';
import { finishVerification } from './finish-verification.js';
import { settleAttempt } from './settle-attempt.js';
import { attemptWith, stateWith } from './state-with.js';
import type { ProviderId } from '../types.js';
import type { AttemptState, VerificationState } from './verification-state.js';

export interface ReduceResult {
  readonly state: VerificationState;
  readonly commands: VerificationCommand[];
}

const isFinished = (state: VerificationState): boolean => state.finishReason !== undefined;
const unchanged = (state: VerificationState): ReduceResult => ({ state, commands: [] });

// The helpers below loop over the (at most 5) attempts instead of `find`/`some` with a
// closure: the reducer runs for every event of every verification.

/** `attempts` with the one at `index` replaced. */
function replaced(attempts: readonly AttemptState[], index: number, attempt: AttemptState): AttemptState[] {
  const copy = attempts.slice();
  copy[index] = attempt;
  return copy;
}

/** Index of the attempt with id `id` (live only, when `liveOnly`), or -1. */
function indexOfAttempt(attempts: readonly AttemptState[], id: string | null, liveOnly = false): number {
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i] as AttemptState;
    if (a.id === id && (!liveOnly || isLive(a))) return i;
  }
  return -1;
}

function anyLive(attempts: readonly AttemptState[]): boolean {
  for (const a of attempts) if (isLive(a)) return true;
  return false;
}

/** The providers tried so far, each once, in the order first tried. */
function routeCommand(attempts: readonly AttemptState[]): VerificationCommand {
  const exclude: ProviderId[] = [];
  for (const a of attempts) if (!exclude.includes(a.provider)) exclude.push(a.provider);
  return { type: 'route', attemptNumber: attempts.length + 1, exclude };
}

/** A delivered message is with the user: never fail over past it. */
function hasDelivered(attempts: readonly AttemptState[]): boolean {
  for (const a of attempts) if (a.status === 'delivered') return true;
  return false;
}

/** A further attempt may be routed, given the attempts as they are after this event. */
const canRoute = (state: VerificationState, attempts: readonly AttemptState[], at: number): boolean =>
  !state.routing && attempts.length < state.maxAttempts && at < state.expiresAt && !hasDelivered(attempts);

function start(state: VerificationState): ReduceResult {
  if (isFinished(state) || state.routing || state.attempts.length > 0) return unchanged(state);
  return {
    state: stateWith(state, { routing: true }),
    commands: [{ type: 'arm-window', at: state.expiresAt }, routeCommand(state.attempts)],
  };
}

function startAttempt(
  state: VerificationState,
  event: Extract<VerificationEvent, { type: 'route.chosen' }>,
): ReduceResult {
  if (isFinished(state) || !state.routing || state.attempts.length >= state.maxAttempts) return unchanged(state);
  if (indexOfAttempt(state.attempts, event.attemptId) >= 0) return unchanged(state);
  // An earlier attempt was delivered while the router was choosing: the user has a code.
  if (hasDelivered(state.attempts)) return unchanged(stateWith(state, { routing: false }));
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
  if (anyLive(next.attempts)) return unchanged(next);
  return finishVerification(next, next.attempts.length === 0 ? 'no_provider' : 'attempts_exhausted', at);
}

function onAttemptEvent(state: VerificationState, event: AttemptEvent): ReduceResult {
  const index = indexOfAttempt(state.attempts, event.attemptId);
  const before = state.attempts[index];
  if (before === undefined || (isFinished(state) && event.type === 'timer.fired')) return unchanged(state);
  let after = nextAttempt(before, event);
  if (after === before) return unchanged(state);
  if (isFinished(state)) return unchanged(stateWith(state, { attempts: replaced(state.attempts, index, after) }));

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
  const attempts = replaced(state.attempts, index, after);
  // A failure moves on at once; otherwise only when nothing is left to wait for.
  if (canRoute(state, attempts, event.at) && (reason !== undefined || !anyLive(attempts))) {
    commands.push(routeCommand(attempts));
    return { state: stateWith(state, { attempts, routing: true }), commands };
  }
  const next = stateWith(state, { attempts });
  if (!next.routing && !anyLive(attempts)) return finishVerification(next, 'attempts_exhausted', event.at, commands);
  return { state: next, commands };
}

function checkCode(
  state: VerificationState,
  event: Extract<VerificationEvent, { type: 'code.checked' }>,
): ReduceResult {
  if (isFinished(state)) return unchanged(state);
  const index = indexOfAttempt(state.attempts, event.matchedAttemptId, true);
  const matched = state.attempts[index];
  if (matched === undefined) {
    const next = stateWith(state, { checks: state.checks + 1 });
    return next.checks >= next.maxChecks ? finishVerification(next, 'max_checks', event.at) : unchanged(next);
  }
  const commands: VerificationCommand[] = [];
  let completer: AttemptState;
  if (matched.settled) completer = attemptWith(matched, { completed: true });
  else {
    const settled = settleAttempt(state, matched, event.at, true);
    completer = settled.attempt;
    commands.push(settled.command);
  }
  const next = stateWith(state, { attempts: replaced(state.attempts, index, completer) });
  return finishVerification(next, 'approved', event.at, commands);
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
    for (const command of after.commands) expired.commands.push(command);
    return { state: after.state, commands: expired.commands };
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
