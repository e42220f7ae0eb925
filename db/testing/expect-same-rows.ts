import { expect } from 'vitest';
import type { AnalyticsRow } from '../stores/analytics-store.js';

/** Integers and percentiles exactly; rates and cost to 1e-12 (SQLite may add in another order). */
export function expectSameRows(actual: readonly AnalyticsRow[], expected: readonly AnalyticsRow[]): void {
  expect(actual.map((r) => r.key)).toEqual(expected.map((r) => r.key));
  actual.forEach((row, i) => {
    const want = expected[i] as AnalyticsRow;
    const { completionRate, fallbackRate, attemptsPerVerification, costPerCompleted, failureShare, ...exact } = row;
    const close = { completionRate, fallbackRate, attemptsPerVerification, costPerCompleted, failureShare };
    const {
      completionRate: c1,
      fallbackRate: c2,
      attemptsPerVerification: c3,
      costPerCompleted: c4,
      failureShare: c5,
      ...wantExact
    } = want;
    expect(exact, row.key).toEqual(wantExact);
    for (const [name, value] of Object.entries(close)) {
      const target = {
        completionRate: c1,
        fallbackRate: c2,
        attemptsPerVerification: c3,
        costPerCompleted: c4,
        failureShare: c5,
      }[name];
      if (target === null) expect(value, `${row.key} ${name}`).toBeNull();
      else expect(value, `${row.key} ${name}`).toBeCloseTo(target as number, 12);
    }
  });
}
