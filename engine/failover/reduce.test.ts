import { describe, expect, it } from 'vitest';
import type { VerificationCommand } from './commands.js';
import { createVerification } from './create-verification.js';
import type { VerificationEvent } from './events.js';
import { reduce } from './reduce.js';
import type { VerificationState } from './verification-state.js';

const T0 = 1_000;
const WINDOW = 60_000;
const EXPIRES = T0 + WINDOW;

function fresh(overrides: { maxAttempts?: number; maxChecks?: number } = {}): VerificationState {
  return createVerification({
    id: 'v1',
    createdAt: T0,
    windowMs: WINDOW,
    maxAttempts: 3,
    maxChecks: 3,
    country: 'DE',
    ...overrides,
  });
}

/** Folds events, returning the final state and the commands of each step. */
function run(state: VerificationState, events: readonly VerificationEvent[]) {
  const steps: VerificationCommand[][] = [];
  for (const event of events) {
    const result = reduce(state, event);
    state = result.state;
    steps.push(result.commands);
  }
  return { state, steps, last: steps[steps.length - 1] ?? [] };
}

const started: VerificationEvent = { type: 'verification.started', at: T0 };
const chosen = (attemptId: string, provider: string, at: number, budgetMs = 10_000): VerificationEvent => ({
  type: 'route.chosen',
  at,
  attemptId,
  provider,
  codeId: `code-${attemptId}`,
  budgetMs,
});
const outcome = (o: {
  accepted: boolean;
  delivered: boolean;
  completed: boolean;
  latencyMs: number;
  cost: number;
  signalMs?: number;
}) => ({
  ...o,
  windowMs: WINDOW,
  country: 'DE',
});

describe('reduce: starting and routing', () => {
  it('arms the window and asks for the first route on start', () => {
    const { state, last } = run(fresh(), [started]);
    expect(last).toEqual([
      { type: 'arm-window', at: EXPIRES },
      { type: 'route', attemptNumber: 1, exclude: [] },
    ]);
    expect(state.routing).toBe(true);
  });

  it('ignores a second start', () => {
    const { steps } = run(fresh(), [started, started]);
    expect(steps[1]).toEqual([]);
  });

  it('starts an attempt on route.chosen with a timer capped by the remaining window', () => {
    const { state, steps } = run(fresh(), [started, chosen('a1', 'p1', T0 + 10, 10_000)]);
    expect(steps[1]).toEqual([
      { type: 'send', attemptId: 'a1', provider: 'p1', codeId: 'code-a1' },
      { type: 'arm-timer', attemptId: 'a1', ms: 10_000 },
    ]);
    expect(state.attempts).toEqual([
      {
        id: 'a1',
        provider: 'p1',
        codeId: 'code-a1',
        status: 'sending',
        startedAt: T0 + 10,
        budgetMs: 10_000,
        settled: false,
        completed: false,
        cost: 0,
      },
    ]);
    expect(state.routing).toBe(false);
    const late = run(fresh(), [started, chosen('a1', 'p1', EXPIRES - 3_000, 10_000)]);
    expect(late.last[1]).toEqual({ type: 'arm-timer', attemptId: 'a1', ms: 3_000 });
  });

  it('ignores route.chosen when no route is outstanding or the id is taken', () => {
    const { steps, state } = run(fresh(), [
      chosen('a0', 'p0', T0),
      started,
      chosen('a1', 'p1', T0 + 1),
      chosen('a2', 'p2', T0 + 2),
    ]);
    expect(steps[0]).toEqual([]);
    expect(steps[3]).toEqual([]);
    expect(state.attempts.map((a) => a.id)).toEqual(['a1']);
  });

  it('finishes no_provider when the first route is unavailable', () => {
    const { state, last } = run(fresh(), [started, { type: 'route.unavailable', at: T0 + 1, reason: 'guard' }]);
    expect(last).toEqual([{ type: 'finish', reason: 'no_provider' }]);
    expect(state.status).toBe('failed');
  });

  it('starts nothing at or past expiresAt: a late route.chosen expires the verification', () => {
    const { state, last } = run(fresh(), [started, chosen('a1', 'p1', EXPIRES)]);
    expect(last).toEqual([{ type: 'finish', reason: 'expired' }]);
    expect(state.attempts).toEqual([]);
  });
});

describe('reduce: failover', () => {
  it('happy path: accepted, delivered (timer cancelled), completed', () => {
    const { state, steps } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0 + 10),
      { type: 'attempt.accepted', at: T0 + 100, attemptId: 'a1', cost: 0.05 },
      { type: 'receipt.delivered', at: T0 + 2_000, attemptId: 'a1' },
      { type: 'code.checked', at: T0 + 20_010, matchedAttemptId: 'a1' },
    ]);
    expect(steps[2]).toEqual([]);
    expect(steps[3]).toEqual([{ type: 'cancel-timer', attemptId: 'a1' }]);
    expect(steps[4]).toEqual([
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        // The code is known to have landed at the receipt, 2 s after the request.
        outcome: outcome({ accepted: true, delivered: true, completed: true, latencyMs: 20_000, cost: 0.05, signalMs: 2_000 }),
      },
      { type: 'finish', reason: 'approved' },
    ]);
    expect(state).toMatchObject({ status: 'approved', finishReason: 'approved', finishedAt: T0 + 20_010 });
    expect(state.attempts[0]).toMatchObject({ status: 'delivered', settled: true, completed: true });
  });

  it('a rejection fails over at once with a transition', () => {
    const { steps, state } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0 + 10),
      { type: 'attempt.rejected', at: T0 + 200, attemptId: 'a1', errorClass: 'invalid_number' },
      chosen('a2', 'p2', T0 + 210),
    ]);
    expect(steps[2]).toEqual([
      { type: 'cancel-timer', attemptId: 'a1' },
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        outcome: outcome({ accepted: false, delivered: false, completed: false, latencyMs: 190, cost: 0 }),
      },
      { type: 'transition', fromAttemptId: 'a1', fromProvider: 'p1', reason: 'rejected' },
      { type: 'route', attemptNumber: 2, exclude: ['p1'] },
    ]);
    expect(steps[3]?.[0]).toEqual({ type: 'send', attemptId: 'a2', provider: 'p2', codeId: 'code-a2' });
    expect(state.attempts[0]).toMatchObject({ status: 'rejected', errorClass: 'invalid_number', settled: true });
  });

  it('a failed receipt fails over like a rejection, keeping the acceptance cost', () => {
    const { last } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0),
      { type: 'attempt.accepted', at: T0 + 100, attemptId: 'a1', cost: 0.02 },
      { type: 'receipt.failed', at: T0 + 3_000, attemptId: 'a1', errorClass: 'absent_subscriber' },
    ]);
    expect(last).toEqual([
      { type: 'cancel-timer', attemptId: 'a1' },
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        outcome: outcome({ accepted: true, delivered: false, completed: false, latencyMs: 3_000, cost: 0.02 }),
      },
      { type: 'transition', fromAttemptId: 'a1', fromProvider: 'p1', reason: 'undelivered' },
      { type: 'route', attemptNumber: 2, exclude: ['p1'] },
    ]);
  });

  it('a silent provider times out, fails over, and its late SMS still completes without a second reward', () => {
    const { steps, state } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0, 5_000),
      { type: 'timer.fired', at: T0 + 5_000, attemptId: 'a1' },
      chosen('a2', 'p2', T0 + 5_010),
      { type: 'code.checked', at: T0 + 8_000, matchedAttemptId: 'a1' },
    ]);
    expect(steps[2]).toEqual([
      {
        type: 'reward',
        attemptId: 'a1',
        provider: 'p1',
        outcome: outcome({ accepted: false, delivered: false, completed: false, latencyMs: 5_000, cost: 0 }),
      },
      { type: 'transition', fromAttemptId: 'a1', fromProvider: 'p1', reason: 'timed_out' },
      { type: 'route', attemptNumber: 2, exclude: ['p1'] },
    ]);
    expect(steps[4]).toEqual([
      { type: 'cancel-timer', attemptId: 'a2' },
      {
        type: 'reward',
        attemptId: 'a2',
        provider: 'p2',
        outcome: outcome({ accepted: false, delivered: false, completed: false, latencyMs: 2_990, cost: 0 }),
      },
      { type: 'finish', reason: 'approved' },
    ]);
    expect(state.attempts[0]).toMatchObject({ status: 'timed_out', settled: true, completed: true });
  });

  it('does not fail over a delivered attempt: its timer is ignored', () => {
    const { last, state } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0),
      { type: 'receipt.delivered', at: T0 + 1_000, attemptId: 'a1' },
      { type: 'timer.fired', at: T0 + 10_000, attemptId: 'a1' },
    ]);
    expect(last).toEqual([]);
    expect(state.attempts[0]?.status).toBe('delivered');
  });

  it('stops failing over once a timed-out attempt turns out delivered', () => {
    const timedOut: VerificationEvent[] = [
      started,
      chosen('a1', 'p1', T0, 5_000),
      { type: 'timer.fired', at: T0 + 5_000, attemptId: 'a1' },
    ];
    const lateDelivery: VerificationEvent = { type: 'receipt.delivered', at: T0 + 5_500, attemptId: 'a1' };
    const dropped = run(fresh(), [...timedOut, lateDelivery, chosen('a2', 'p2', T0 + 5_600)]);
    expect(dropped.last).toEqual([]);
    expect(dropped.state).toMatchObject({ routing: false, attempts: [{ id: 'a1', status: 'delivered' }] });
    const inFlight = run(fresh(), [
      ...timedOut,
      chosen('a2', 'p2', T0 + 5_010),
      lateDelivery,
      { type: 'attempt.rejected', at: T0 + 6_000, attemptId: 'a2', errorClass: 'x' },
    ]);
    expect(inFlight.last.map((c) => c.type)).toEqual(['cancel-timer', 'reward', 'transition']);
  });

  it('finishes attempts_exhausted after the last allowed attempt fails', () => {
    const { last, state } = run(fresh({ maxAttempts: 1 }), [
      started,
      chosen('a1', 'p1', T0),
      { type: 'attempt.rejected', at: T0 + 50, attemptId: 'a1', errorClass: 'blocked', cost: 0.01 },
    ]);
    expect(last.map((c) => c.type)).toEqual(['cancel-timer', 'reward', 'transition', 'finish']);
    expect(last[1]).toMatchObject({ outcome: { cost: 0.01, accepted: false } });
    expect(last[3]).toEqual({ type: 'finish', reason: 'attempts_exhausted' });
    expect(state.status).toBe('failed');
  });

  it('keeps waiting on a timed-out attempt when routing is refused, then finishes when it fails', () => {
    const { steps } = run(fresh(), [
      started,
      chosen('a1', 'p1', T0, 5_000),
      { type: 'timer.fired', at: T0 + 5_000, attemptId: 'a1' },
      { type: 'route.unavailable', at: T0 + 5_001, reason: 'no eligible provider' },
      { type: 'receipt.failed', at: T0 + 9_000, attemptId: 'a1', errorClass: 'expired' },
    ]);
    expect(steps[3]).toEqual([]);
    expect(steps[4]).toEqual([{ type: 'route', attemptNumber: 2, exclude: ['p1'] }]);
    const exhausted = run(fresh({ maxAttempts: 1 }), [
      started,
      chosen('a1', 'p1', T0, 5_000),
      { type: 'timer.fired', at: T0 + 5_000, attemptId: 'a1' },
      { type: 'receipt.failed', at: T0 + 9_000, attemptId: 'a1', errorClass: 'expired' },
    ]);
    expect(exhausted.steps[2]?.map((c) => c.type)).toEqual(['reward', 'transition']);
    expect(exhausted.last).toEqual([{ type: 'finish', reason: 'attempts_exhausted' }]);
  });
});
