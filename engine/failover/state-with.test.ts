import { describe, expect, it } from 'vitest';
import { createVerification } from './create-verification.js';
import { reduce } from './reduce.js';
import { attemptWith, stateWith } from './state-with.js';
import type { VerificationEvent } from './events.js';

const created = createVerification({
  id: 'v1',
  createdAt: 1_000,
  windowMs: 60_000,
  maxAttempts: 3,
  maxChecks: 3,
  country: 'DE',
});

describe('stateWith / attemptWith', () => {
  it('copy every field, apply the changes and leave the input alone', () => {
    const next = stateWith(created, { routing: true, checks: 2 });
    expect(next).toEqual({ ...created, routing: true, checks: 2 });
    expect(next).not.toBe(created);
    expect(created.routing).toBe(false);
    expect(stateWith(created, { routing: false }).routing).toBe(false);
  });

  it('keep one set of keys for every state and attempt of a verification', () => {
    const events: VerificationEvent[] = [
      { type: 'verification.started', at: 1_000 },
      { type: 'route.chosen', at: 1_000, attemptId: 'a1', provider: 'p', codeId: 'c1', budgetMs: 5_000 },
      { type: 'attempt.accepted', at: 1_100, attemptId: 'a1', cost: 0.02 },
      { type: 'timer.fired', at: 6_000, attemptId: 'a1' },
      { type: 'route.chosen', at: 6_000, attemptId: 'a2', provider: 'q', codeId: 'c2', budgetMs: 5_000 },
      { type: 'receipt.delivered', at: 7_000, attemptId: 'a2' },
      { type: 'code.checked', at: 9_000, matchedAttemptId: 'a2' },
    ];
    let state = created;
    const stateKeys = new Set<string>();
    const attemptKeys = new Set<string>();
    for (const event of events) {
      state = reduce(state, event).state;
      stateKeys.add(Object.keys(state).join());
      for (const a of state.attempts) attemptKeys.add(Object.keys(a).join());
    }
    expect(state.finishReason).toBe('approved');
    expect(stateKeys.size).toBe(1);
    expect(attemptKeys.size).toBe(1);
    const [first] = state.attempts;
    expect(attemptWith(first!, { cost: 0.5 })).toEqual({ ...first, cost: 0.5 });
  });
});
