import { describe, expect, it } from 'vitest';
import {
  attemptBudgetMs,
  createAttemptBudgetConfig,
  DEFAULT_ATTEMPT_BUDGET_CONFIG,
  type AttemptBudgetConfig,
} from './attempt-budget.js';

describe('attemptBudgetMs', () => {
  it.each([
    // multiplier x expected when it fits
    [{ expectedDeliveryMs: 4_000, remainingWindowMs: 600_000, attemptsLeft: 3 }, 12_000],
    // floor for a fast provider
    [{ expectedDeliveryMs: 500, remainingWindowMs: 600_000, attemptsLeft: 3 }, 5_000],
    // ceiling for a slow provider
    [{ expectedDeliveryMs: 40_000, remainingWindowMs: 600_000, attemptsLeft: 1 }, 60_000],
    // fair share of the remaining window: 30 s / 3 attempts
    [{ expectedDeliveryMs: 8_000, remainingWindowMs: 30_000, attemptsLeft: 3 }, 10_000],
    // the floor beats the share ...
    [{ expectedDeliveryMs: 8_000, remainingWindowMs: 12_000, attemptsLeft: 4 }, 5_000],
    // ... but never the window
    [{ expectedDeliveryMs: 8_000, remainingWindowMs: 3_000, attemptsLeft: 2 }, 3_000],
    [{ expectedDeliveryMs: 8_000, remainingWindowMs: 0, attemptsLeft: 1 }, 0],
  ])('%o -> %d ms', (input, expected) => {
    expect(attemptBudgetMs(input)).toBe(expected);
  });

  it('uses a custom config', () => {
    const config = createAttemptBudgetConfig({ multiplier: 2, minMs: 1_000, maxMs: 20_000 });
    expect(attemptBudgetMs({ expectedDeliveryMs: 400, remainingWindowMs: 60_000, attemptsLeft: 2 }, config)).toBe(
      1_000,
    );
    expect(attemptBudgetMs({ expectedDeliveryMs: 4_000, remainingWindowMs: 60_000, attemptsLeft: 2 }, config)).toBe(
      8_000,
    );
  });

  it('never exceeds the remaining window and never goes below min(minMs, window)', () => {
    for (let expected = 0; expected <= 100_000; expected += 7_919) {
      for (const remaining of [0, 1_000, 4_999, 20_000, 600_000]) {
        for (const left of [1, 2, 5]) {
          const budget = attemptBudgetMs({
            expectedDeliveryMs: expected,
            remainingWindowMs: remaining,
            attemptsLeft: left,
          });
          expect(budget).toBeLessThanOrEqual(remaining);
          expect(budget).toBeGreaterThanOrEqual(Math.min(DEFAULT_ATTEMPT_BUDGET_CONFIG.minMs, remaining));
        }
      }
    }
  });

  it.each([
    [{ expectedDeliveryMs: -1 }, 'expectedDeliveryMs must be a finite number >= 0, got -1'],
    [{ expectedDeliveryMs: Number.NaN }, 'expectedDeliveryMs must be a finite number >= 0, got NaN'],
    [{ remainingWindowMs: -5 }, 'remainingWindowMs must be a finite number >= 0, got -5'],
    [{ attemptsLeft: 0 }, 'attemptsLeft must be an integer >= 1, got 0'],
    [{ attemptsLeft: 1.5 }, 'attemptsLeft must be an integer >= 1, got 1.5'],
  ])('rejects input %o', (patch, message) => {
    const input = { expectedDeliveryMs: 1_000, remainingWindowMs: 10_000, attemptsLeft: 1, ...patch };
    expect(() => attemptBudgetMs(input)).toThrow(RangeError);
    expect(() => attemptBudgetMs(input)).toThrow(message);
  });
});

describe('createAttemptBudgetConfig', () => {
  it('returns frozen defaults', () => {
    const config = createAttemptBudgetConfig();
    expect(config).toEqual({ multiplier: 3, minMs: 5_000, maxMs: 60_000 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ATTEMPT_BUDGET_CONFIG)).toBe(true);
  });

  it.each([
    [{ multiplier: 0.5 }, 'multiplier must be in [1, 20], got 0.5'],
    [{ multiplier: 21 }, 'multiplier must be in [1, 20], got 21'],
    [{ minMs: -1 }, 'minMs must be in [0, 600000], got -1'],
    [{ minMs: Number.NaN }, 'minMs must be in [0, 600000], got NaN'],
    [{ maxMs: 4_000 }, 'maxMs must be in [minMs (5000), 3600000], got 4000'],
    [{ maxMs: 3_600_001 }, 'maxMs must be in [minMs (5000), 3600000], got 3600001'],
  ] as [Partial<AttemptBudgetConfig>, string][])('rejects %o', (patch, message) => {
    expect(() => createAttemptBudgetConfig(patch)).toThrow(RangeError);
    expect(() => createAttemptBudgetConfig(patch)).toThrow(message);
  });
});
