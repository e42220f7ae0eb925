import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVerification } from './create-verification.js';
import type { VerificationEvent } from './events.js';
import { reduce } from './reduce.js';
import type { AttemptStatus } from './verification-state.js';

const T0 = 1_000_000;
const RANK: Record<AttemptStatus, number> = {
  sending: 0,
  accepted: 1,
  timed_out: 2,
  delivered: 3,
  undelivered: 3,
  rejected: 3,
};

type Step =
  | { kind: 'answer-route'; available: boolean; budgetMs: number; dt: number }
  | { kind: 'attempt'; type: 'accepted' | 'rejected' | 'delivered' | 'failed' | 'timer'; pick: number; dt: number }
  | { kind: 'check'; pick: number; dt: number }
  | { kind: 'replay'; pick: number; dt: number }
  | { kind: 'start' | 'window' | 'cancel'; dt: number };

// Time mostly moves forward; negative steps model late events stamped in the past.
const dt = fc.integer({ min: -1_000, max: 3_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('answer-route' as const),
      available: fc.nat(4).map((n) => n > 0),
      budgetMs: fc.integer({ min: 1, max: 20_000 }),
      dt,
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('attempt' as const),
      type: fc.constantFrom('accepted', 'rejected', 'delivered', 'failed', 'timer') as fc.Arbitrary<
        'accepted' | 'rejected' | 'delivered' | 'failed' | 'timer'
      >,
      pick: fc.nat(),
      dt,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const), pick: fc.nat(), dt }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat(), dt }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('start', 'window', 'cancel') as fc.Arbitrary<'start' | 'window' | 'cancel'>,
      dt,
    }),
  },
);

const scenario = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 5 }),
  maxChecks: fc.integer({ min: 1, max: 10 }),
  windowMs: fc.integer({ min: 5_000, max: 90_000 }),
  startFirst: fc.nat(9).map((n) => n > 0),
  // Each step is followed by the driver's reply to an outstanding `route`: 0-6 chosen, 7 unavailable, 8-9 none yet.
  steps: fc.array(fc.tuple(step, fc.nat(9)), { minLength: 3, maxLength: 50 }),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A small driver: answers `route` commands, delivers provider answers, checks and replays at random. */
function toEvent(
  s: Step,
  at: number,
  ids: readonly string[],
  history: readonly VerificationEvent[],
  nextId: number,
): VerificationEvent {
  const pickId = (pick: number): string => ids[pick % (ids.length + 1)] ?? 'ghost';
  switch (s.kind) {
    case 'answer-route':
      return s.available
        ? {
            type: 'route.chosen',
            at,
            attemptId: `a${nextId}`,
            provider: `p${nextId % 3}`,
            codeId: `c${nextId}`,
            budgetMs: s.budgetMs,
          }
        : { type: 'route.unavailable', at, reason: 'no eligible provider' };
    case 'attempt': {
      const attemptId = pickId(s.pick);
      if (s.type === 'accepted') return { type: 'attempt.accepted', at, attemptId, cost: (s.pick % 5) / 100 };
      if (s.type === 'rejected') return { type: 'attempt.rejected', at, attemptId, errorClass: 'err' };
      if (s.type === 'delivered') return { type: 'receipt.delivered', at, attemptId };
      if (s.type === 'failed') return { type: 'receipt.failed', at, attemptId, errorClass: 'err' };
      return { type: 'timer.fired', at, attemptId };
    }
    case 'check':
      return { type: 'code.checked', at, matchedAttemptId: s.pick % 3 === 0 ? null : pickId(s.pick) };
    case 'replay':
      return history.length === 0 ? { type: 'verification.started', at } : { ...history[s.pick % history.length]! };
    case 'start':
      return { type: 'verification.started', at };
    case 'window':
      return { type: 'window.expired', at };
    case 'cancel':
      return { type: 'verification.canceled', at };
  }
}

describe('reduce: properties over random event sequences', () => {
  it('keeps every invariant of the failover contract', () => {
    fc.assert(
      fc.property(scenario, ({ maxAttempts, maxChecks, windowMs, startFirst, steps }) => {
        let state = createVerification({ id: 'v', createdAt: T0, windowMs, maxAttempts, maxChecks, country: 'DE' });
        let clock = T0;
        let sends = 0;
        let finishes = 0;
        const rewards = new Map<string, number>();
        const armed = new Set<string>();
        const history: VerificationEvent[] = [];
        const apply = (event: VerificationEvent): void => {
          history.push(event);
          const before = deepFreeze(state);
          const snapshot = structuredClone(before);
          const { state: after, commands } = reduce(before, event);
          expect(before).toEqual(snapshot);
          expect(reduce(before, event)).toEqual({ state: after, commands });

          const wasFinished = before.finishReason !== undefined;
          if (wasFinished) expect(commands).toEqual([]);
          // A timer that fires at expiresAt may be cancelled by the expiry it races with.
          const fired = event.type === 'timer.fired' && !wasFinished ? event.attemptId : undefined;
          if (fired !== undefined && event.at < before.expiresAt) armed.delete(fired);
          for (const c of commands) {
            if (c.type === 'send') {
              sends++;
              expect(event.at).toBeLessThan(before.expiresAt);
              expect(before.routing).toBe(true);
              expect(before.attempts.every((a) => ['rejected', 'undelivered', 'timed_out'].includes(a.status))).toBe(
                true,
              );
            }
            if (c.type === 'route') {
              expect(before.routing).toBe(false);
              // Never a parallel attempt: every earlier one has failed or timed out.
              expect(after.attempts.every((a) => ['rejected', 'undelivered', 'timed_out'].includes(a.status))).toBe(
                true,
              );
            }
            if (c.type === 'arm-timer') {
              expect(c.ms).toBeGreaterThan(0);
              armed.add(c.attemptId);
            }
            if (c.type === 'cancel-timer') expect(armed.delete(c.attemptId)).toBe(true);
            if (c.type === 'reward') {
              expect(after.attempts.some((a) => a.id === c.attemptId)).toBe(true);
              rewards.set(c.attemptId, (rewards.get(c.attemptId) ?? 0) + 1);
            }
            if (c.type === 'finish') finishes++;
          }
          if (fired !== undefined) armed.delete(fired);
          expect(sends).toBeLessThanOrEqual(maxAttempts);
          expect(finishes).toBeLessThanOrEqual(1);
          expect([...rewards.values()].every((n) => n === 1)).toBe(true);

          expect(after.attempts.length).toBeGreaterThanOrEqual(before.attempts.length);
          before.attempts.forEach((a, k) =>
            expect(RANK[after.attempts[k]!.status]).toBeGreaterThanOrEqual(RANK[a.status]),
          );
          for (const a of after.attempts) expect(a.startedAt).toBeLessThan(after.expiresAt);

          if (after.finishReason !== undefined) {
            expect(armed.size).toBe(0);
            expect(after.attempts.every((a) => a.settled && rewards.get(a.id) === 1)).toBe(true);
          } else if (after.attempts.length > 0) {
            // Liveness: an unfinished verification always waits on something.
            expect(
              after.routing || after.attempts.some((a) => a.status !== 'rejected' && a.status !== 'undelivered'),
            ).toBe(true);
          }
          state = after;
        };

        if (startFirst) apply({ type: 'verification.started', at: T0 });
        steps.forEach(([s, reply], i) => {
          clock = Math.max(T0, clock + s.dt);
          const ids = state.attempts.map((a) => a.id);
          apply(toEvent(s, clock, ids, history, 10 * i + ids.length + 1));
          if (!state.routing || reply > 7) return;
          const answer = { kind: 'answer-route', available: reply < 7, budgetMs: 1_000 + 700 * reply, dt: 0 } as const;
          apply(toEvent(answer, clock, ids, history, 10 * i + ids.length + 5));
        });
        apply({ type: 'window.expired', at: Math.max(clock, state.expiresAt) });
        expect(finishes).toBe(1);
        expect(rewards.size).toBe(state.attempts.length);
        expect(sends).toBe(state.attempts.length);
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });
});
