import type { VerificationCommand } from './commands.js';
import { hasArmedTimer } from './attempt-progress.js';
import { settleAttempt } from './settle-attempt.js';
import { stateWith } from './state-with.js';
import type { AttemptState, FinishReason, VerificationState, VerificationStatus } from './verification-state.js';

const STATUS_OF: Readonly<Record<FinishReason, VerificationStatus>> = {
  approved: 'approved',
  expired: 'expired',
  canceled: 'canceled',
  max_checks: 'max_attempts_reached',
  attempts_exhausted: 'failed',
  no_provider: 'failed',
};

/**
 * Ends an unfinished verification at `at`: cancels every armed attempt timer, settles
 * every unsettled attempt as not completed, and emits the single `finish`. Commands come
 * in that order, appended to `commands` (the caller's commands of the same step, which
 * come first; the array is returned). The window timer is not cancelled here: a driver
 * drops it on `finish`, and a late `window.expired` is ignored anyway.
 */
export function finishVerification(
  state: VerificationState,
  reason: FinishReason,
  at: number,
  commands: VerificationCommand[] = [],
): { readonly state: VerificationState; readonly commands: VerificationCommand[] } {
  for (const attempt of state.attempts) {
    if (hasArmedTimer(attempt)) commands.push({ type: 'cancel-timer', attemptId: attempt.id });
  }
  // Settled attempts are kept as they are; the array is copied only when one is settled now.
  let attempts: AttemptState[] | undefined;
  for (let i = 0; i < state.attempts.length; i++) {
    const attempt = state.attempts[i] as AttemptState;
    if (attempt.settled) continue;
    const settled = settleAttempt(state, attempt, at, false);
    commands.push(settled.command);
    (attempts ??= state.attempts.slice())[i] = settled.attempt;
  }
  commands.push({ type: 'finish', reason });
  return {
    state: stateWith(state, {
      attempts: attempts ?? state.attempts,
      status: STATUS_OF[reason],
      finishReason: reason,
      finishedAt: at,
      routing: false,
    }),
    commands,
  };
}
