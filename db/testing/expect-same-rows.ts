import { expect } from 'vitest';
import type { AnalyticsRow } from '../stores/analytics-store.js';

/** Ratios SQLite may sum in another order than the reference: compared to 1e-12. */
const APPROXIMATE = new Set([
  'completionRate',
  'fallbackRate',
  'attemptsPerVerification',
  'costPerCompleted',
  'failureShare',
]);

/** Same keys in the same order; integers and percentiles exactly, ratios and cost to 1e-12. */
export function expectSameRows(actual: readonly AnalyticsRow[], expected: readonly AnalyticsRow[]): void {
  expect(actual.map((r) => r.key)).toEqual(expected.map((r) => r.key));
  actual.forEach((row, i) => {
    const want = expected[i] as AnalyticsRow;
    for (const [name, value] of Object.entries(row)) {
      const target = (want as unknown as Record<string, unknown>)[name];
      if (!APPROXIMATE.has(name) || target === null) expect(value, `${row.key} ${name}`).toEqual(target);
      else expect(value, `${row.key} ${name}`).toBeCloseTo(target as number, 12);
    }
    expect(Object.keys(row).sort()).toEqual(Object.keys(want).sort());
  });
}
