import { describe, expect, it } from 'vitest';
import type { VerificationCommand } from './commands.js';
import { createVerification } from './create-verification.js';
import type { VerificationEvent } from './events.js';
import { reduce } from './reduce.js';
import type { VerificationState } from './verification-state.js';

const T0 = 1_000;
const EXPIRES = T0 + 60_000;
const base = createVerification({
  id: 'v1',
  createdAt: T0,
  windowMs: 60_000,
  maxAttempts: 3,
  maxChecks: 3,
  country: 'DE',
});

function run(state: VerificationState, events: readonly VerificationEvent[]) {
  const steps: VerificationCommand[][] = [];
  const states: VerificationState[] = [];
  for (const event of events) {
    const result = reduce(state, event);
    state = result.state;
    steps.push(result.commands);
    states.push(state);
  }
  return { state, steps, states, last: steps[steps.length - 1] ?? [] };
}

const sent: VerificationEvent[] = [
  { type: 'verification.started', at: T0 },
  { type: 'route.chosen', at: T0, attemptId: 'a1', provider: 'p1', codeId: 'c1', budgetMs: 10_000 },
];

describe('reduce: late, duplicate and out-of-order events', () => {
  it('records a receipt after finish without emitting anything', () => {
    const { state, steps } = run(base, [
      ...sent,
      { type: 'verification.canceled', at: T0 + 100 },
      { type: 'attempt.accepted', at: T0 + 200, attemptId: 'a1', cost: 0.03 },
      { type: 'receipt.delivered', at: T0 + 300, attemptId: 'a1' },
      { type: 'timer.fired', at: T0 + 10_000, attemptId: 'a1' },
    ]);
    expect(steps[2]?.map((c) => c.type)).toEqual(['cancel-timer', 'reward', 'finish']);
    expect(steps.slice(3)).toEqual([[], [], []]);
    expect(state).toMatchObject({ status: 'canceled', finishReason: 'canceled' });
    expect(state.attempts[0]).toMatchObject({ status: 'delivered', acceptedAt: T0 + 200, cost: 0.03, settled: true });
  });

  it('counts duplicate receipts once', () => {
    const failed: VerificationEvent = { type: 'receipt.failed', at: T0 + 500, attemptId: 'a1', errorClass: 'x' };
    const { steps, states } = run(base, [...sent, failed, failed, { ...failed, at: T0 + 900 }]);
    expect(steps[2]?.filter((c) => c.type === 'reward')).toHaveLength(1);
    expect(steps.slice(3)).toEqual([[], []]);
    expect(states[3]).toBe(states[2]);
  });

  it('keeps the first final receipt: a failed receipt after delivered is ignored', () => {
    const { last, state } = run(base, [
      ...sent,
      { type: 'receipt.delivered', at: T0 + 500, attemptId: 'a1' },
      { type: 'receipt.failed', at: T0 + 600, attemptId: 'a1', errorClass: 'x' },
    ]);
    expect(last).toEqual([]);
    expect(state.attempts[0]?.status).toBe('delivered');
  });

  it('records an acceptance that arrives after its receipt, and the cost reaches the reward', () => {
    const { steps, state } = run(base, [
      ...sent,
      { type: 'receipt.delivered', at: T0 + 500, attemptId: 'a1' },
      { type: 'attempt.accepted', at: T0 + 600, attemptId: 'a1', cost: 0.04 },
      { type: 'attempt.accepted', at: T0 + 700, attemptId: 'a1', cost: 9 },
      { type: 'window.expired', at: EXPIRES },
    ]);
    expect(steps[3]).toEqual([]);
    expect(state.attempts[0]).toMatchObject({ status: 'delivered', acceptedAt: T0 + 600, cost: 0.04 });
    expect(steps[5]).toEqual([
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        outcome: {
          accepted: true,
          delivered: true,
          completed: false,
          latencyMs: 60_000,
          cost: 0.04,
          windowMs: 60_000,
          country: 'DE',
          signalMs: 500,
        },
      },
      { type: 'finish', reason: 'expired' },
    ]);
  });

  it('marks a timed-out attempt delivered for the record without settling it again', () => {
    const { last, state } = run(base, [
      ...sent,
      { type: 'timer.fired', at: T0 + 10_000, attemptId: 'a1' },
      { type: 'receipt.delivered', at: T0 + 12_000, attemptId: 'a1' },
    ]);
    expect(last).toEqual([]);
    expect(state.attempts[0]).toMatchObject({ status: 'delivered', settled: true, receiptAt: T0 + 12_000 });
  });

  it('ignores events for unknown attempts', () => {
    const { last, states } = run(base, [...sent, { type: 'receipt.delivered', at: T0 + 1, attemptId: 'nope' }]);
    expect(last).toEqual([]);
    expect(states[2]).toBe(states[1]);
  });
});

describe('reduce: checks, expiry and cancel', () => {
  it('finishes max_checks on the last wrong code and then ignores checks', () => {
    const { steps, state } = run(base, [
      ...sent,
      { type: 'code.checked', at: T0 + 1_000, matchedAttemptId: null },
      { type: 'code.checked', at: T0 + 2_000, matchedAttemptId: 'unknown' },
      { type: 'code.checked', at: T0 + 3_000, matchedAttemptId: null },
      { type: 'code.checked', at: T0 + 4_000, matchedAttemptId: 'a1' },
    ]);
    expect(steps[2]).toEqual([]);
    expect(steps[3]).toEqual([]);
    expect(steps[4]).toEqual([
      { type: 'cancel-timer', attemptId: 'a1' },
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        outcome: {
          accepted: false,
          delivered: false,
          completed: false,
          latencyMs: 3_000,
          cost: 0,
          windowMs: 60_000,
          country: 'DE',
        },
      },
      { type: 'finish', reason: 'max_checks' },
    ]);
    expect(steps[5]).toEqual([]);
    expect(state).toMatchObject({ status: 'max_attempts_reached', checks: 3 });
  });

  it('counts a code of a rejected attempt as wrong', () => {
    const { state, last } = run(base, [
      ...sent,
      { type: 'attempt.rejected', at: T0 + 10, attemptId: 'a1', errorClass: 'x' },
      { type: 'code.checked', at: T0 + 20, matchedAttemptId: 'a1' },
    ]);
    expect(last).toEqual([]);
    expect(state.checks).toBe(1);
  });

  it('settles every live attempt on window expiry, cancelling armed timers only', () => {
    const { last, state } = run(base, [
      ...sent,
      { type: 'timer.fired', at: T0 + 10_000, attemptId: 'a1' },
      { type: 'route.chosen', at: T0 + 10_001, attemptId: 'a2', provider: 'p2', codeId: 'c2', budgetMs: 10_000 },
      { type: 'attempt.accepted', at: T0 + 10_100, attemptId: 'a2', cost: 0.01 },
      { type: 'window.expired', at: EXPIRES },
    ]);
    expect(last.map((c) => [c.type, 'attemptId' in c ? c.attemptId : ''])).toEqual([
      ['cancel-timer', 'a2'],
      ['reward', 'a2'],
      ['finish', ''],
    ]);
    expect(state.status).toBe('expired');
    expect(state.attempts.every((a) => a.settled)).toBe(true);
  });

  it('treats any event at expiresAt as expiry first: a code entered too late does not approve', () => {
    const { last, state } = run(base, [...sent, { type: 'code.checked', at: EXPIRES, matchedAttemptId: 'a1' }]);
    expect(last.map((c) => c.type)).toEqual(['cancel-timer', 'reward', 'finish']);
    expect(state.finishReason).toBe('expired');
  });

  it('cancels once; a later window.expired or cancel changes nothing', () => {
    const { steps, states } = run(base, [
      ...sent,
      { type: 'verification.canceled', at: T0 + 5 },
      { type: 'verification.canceled', at: T0 + 6 },
      { type: 'window.expired', at: EXPIRES },
    ]);
    expect(steps[2]?.at(-1)).toEqual({ type: 'finish', reason: 'canceled' });
    expect(steps.slice(3)).toEqual([[], []]);
    expect(states[4]).toBe(states[2]);
  });
});

describe('reduce: malformed events', () => {
  it.each([
    [{ type: 'window.expired', at: Number.NaN }, /event.at must be finite/],
    [
      { type: 'route.chosen', at: T0, attemptId: 'a', provider: 'p', codeId: 'c', budgetMs: 0 },
      /budgetMs must be a finite number > 0/,
    ],
    [{ type: 'attempt.accepted', at: T0, attemptId: 'a', cost: -1 }, /cost must be a finite number >= 0/],
    [{ type: 'attempt.rejected', at: T0, attemptId: 'a', errorClass: 'x', cost: Number.NaN }, /cost must be/],
  ] as [VerificationEvent, RegExp][])('throws RangeError for %o', (event, message) => {
    expect(() => reduce(base, event)).toThrow(RangeError);
    expect(() => reduce(base, event)).toThrow(message);
  });
});
