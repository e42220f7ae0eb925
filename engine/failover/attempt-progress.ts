import type { VerificationEvent } from './events.js';
import { attemptWith } from './state-with.js';
import type { AttemptState, AttemptStatus } from './verification-state.js';

/**
 * Order in which an attempt's status may move: sending < accepted < timed_out <
 * {delivered, undelivered, rejected}. A status only replaces one of lower rank, so
 * late, duplicated or reordered provider answers can never move an attempt backwards,
 * and the first final answer wins (a `delivered` is never overwritten by a `failed`).
 */
const RANK: Readonly<Record<AttemptStatus, number>> = {
  sending: 0,
  accepted: 1,
  timed_out: 2,
  delivered: 3,
  undelivered: 3,
  rejected: 3,
};

/** Soft/hard failures and the route-transition reason each one is recorded with. */
export const FAILURE_REASONS: Readonly<Partial<Record<AttemptStatus, 'rejected' | 'undelivered' | 'timed_out'>>> = {
  rejected: 'rejected',
  undelivered: 'undelivered',
  timed_out: 'timed_out',
};

/** The attempt's code may still reach the user, so a check can still match it. */
export function isLive(attempt: AttemptState): boolean {
  return attempt.status !== 'rejected' && attempt.status !== 'undelivered';
}

/** The attempt's soft-failure timer is armed (no provider answer that ends waiting yet). */
export function hasArmedTimer(attempt: AttemptState): boolean {
  return attempt.status === 'sending' || attempt.status === 'accepted';
}

/** The status may move forward from the attempt's current one. */
function canAdvance(attempt: AttemptState, status: AttemptStatus): boolean {
  return RANK[status] > RANK[attempt.status];
}

/** Provider answers and timers that concern one existing attempt. */
export type AttemptEvent = Exclude<
  Extract<VerificationEvent, { readonly attemptId: string }>,
  { readonly type: 'route.chosen' }
>;

/**
 * The attempt after `event` (the same object when the event changes nothing).
 * The first acceptance sets `acceptedAt` and `cost`, even after a receipt overtook it;
 * a rejection keeps the cost of an earlier acceptance unless it carries its own.
 */
export function nextAttempt(attempt: AttemptState, event: AttemptEvent): AttemptState {
  switch (event.type) {
    case 'attempt.accepted':
      if (attempt.status === 'rejected' || attempt.acceptedAt !== undefined) return attempt;
      return attemptWith(attempt, {
        status: attempt.status === 'sending' ? 'accepted' : attempt.status,
        acceptedAt: event.at,
        cost: event.cost,
      });
    case 'attempt.rejected':
      if (!canAdvance(attempt, 'rejected')) return attempt;
      return attemptWith(attempt, {
        errorClass: event.errorClass,
        cost: event.cost ?? attempt.cost,
        status: 'rejected',
      });
    case 'receipt.delivered':
      return canAdvance(attempt, 'delivered')
        ? attemptWith(attempt, { receiptAt: event.at, status: 'delivered' })
        : attempt;
    case 'receipt.failed':
      if (!canAdvance(attempt, 'undelivered')) return attempt;
      return attemptWith(attempt, { receiptAt: event.at, errorClass: event.errorClass, status: 'undelivered' });
    case 'timer.fired':
      return hasArmedTimer(attempt) ? attemptWith(attempt, { status: 'timed_out' }) : attempt;
    default: {
      const unexpected: never = event;
      throw new TypeError(`unknown attempt event ${JSON.stringify(unexpected)}`);
    }
  }
}
