import type { AttemptOutcome } from '../types.js';
import type { VerificationCommand } from './commands.js';
import { attemptWith } from './state-with.js';
import type { AttemptState, VerificationState } from './verification-state.js';

/**
 * Outcome of `attempt` settled at `at`. A delivered or failed receipt implies the
 * provider accepted the message, and so does a completion; `delivered` means a
 * delivered receipt arrived (the reward function sees `completed` separately).
 * `latencyMs` runs from the send to `at` (completion or settlement), never negative;
 * `signalMs` from the request to the delivered receipt or the completion, whichever came first.
 */
export function attemptOutcome(
  state: VerificationState,
  attempt: AttemptState,
  at: number,
  completed: boolean,
): AttemptOutcome {
  const accepted =
    attempt.status !== 'rejected' &&
    (completed ||
      attempt.acceptedAt !== undefined ||
      attempt.status === 'delivered' ||
      attempt.status === 'undelivered');
  const signal = landingSignalMs(
    state.createdAt,
    attempt.status === 'delivered' ? attempt.receiptAt : undefined,
    completed ? at : undefined,
  );
  return {
    accepted,
    delivered: attempt.status === 'delivered',
    completed,
    latencyMs: Math.max(0, at - attempt.startedAt),
    cost: attempt.cost,
    windowMs: state.expiresAt - state.createdAt,
    country: state.country ?? '',
    ...(signal !== undefined ? { signalMs: signal } : {}),
  };
}

/**
 * `AttemptOutcome.signalMs`: ms from the request to the first sign the code reached the handset,
 * the earlier of a delivered receipt and the completion (each absent when there was none), or
 * undefined when neither came. The one definition the engine and the decision export share.
 */
export function landingSignalMs(
  requestedAt: number,
  receiptAt: number | undefined,
  completedAt: number | undefined,
): number | undefined {
  const landed = Math.min(receiptAt ?? Infinity, completedAt ?? Infinity);
  return landed === Infinity ? undefined : Math.max(0, landed - requestedAt);
}

/**
 * Settles an unsettled attempt: marks it settled (and completed) and returns the one
 * `reward` command for it. Callers check `settled` first; settling twice is a bug.
 * @throws TypeError when the attempt is already settled
 */
export function settleAttempt(
  state: VerificationState,
  attempt: AttemptState,
  at: number,
  completed: boolean,
): { readonly attempt: AttemptState; readonly command: VerificationCommand } {
  if (attempt.settled) throw new TypeError(`attempt ${attempt.id} is already settled`);
  const outcome = attemptOutcome(state, attempt, at, completed);
  return {
    attempt: attemptWith(attempt, { settled: true, completed: attempt.completed || completed }),
    command: { type: 'reward', attemptId: attempt.id, provider: attempt.provider, outcome },
  };
}
