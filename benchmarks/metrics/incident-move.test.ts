import { describe, expect, it } from 'vitest';
import { incidentMove, type SegmentDecision } from './incident-move.js';

/** One decision per second from t = 0; `pattern(i)` says whether decision i went to the failed provider. */
function decisions(count: number, pattern: (i: number) => boolean): SegmentDecision[] {
  return Array.from({ length: count }, (_, i) => ({ at: i * 1000, toFailed: pattern(i) }));
}

describe('incidentMove', () => {
  const start = 100_000; // decision 100 is the first after the start
  const end = 1_000_000;

  it('is the minimum window (20) when the traffic leaves at once', () => {
    const move = incidentMove(decisions(400, (i) => i < 100), start, end);
    expect(move).toEqual({ during: 300, baselineShare: 1, decisions: 20, seconds: 19 });
  });

  it('counts the decisions until a 20-window holds at most 10% of the baseline share', () => {
    // Full baseline, then the failed route keeps every decision until 150, then none.
    // With b = 1 the window may hold <= 2 failed decisions: first at the window 148..167,
    // i.e. at the 68th decision after the start, 67 s after it.
    const move = incidentMove(decisions(400, (i) => i < 150), start, end);
    expect(move).toEqual({ during: 300, baselineShare: 1, decisions: 68, seconds: 67 });
  });

  it('scales the threshold with the baseline share', () => {
    // b = 0.5 (every other decision): the window may hold <= 1 failed decision.
    const move = incidentMove(decisions(400, (i) => (i < 100 ? i % 2 === 0 : i === 105)), start, end);
    expect(move?.baselineShare).toBe(0.5);
    expect(move?.decisions).toBe(20);
  });

  it('says never (null decisions) when the traffic stays until the end', () => {
    const move = incidentMove(decisions(400, () => true), start, 300_000);
    expect(move).toEqual({ during: 200, baselineShare: 1, decisions: null, seconds: null });
  });

  it('does not count segments without a baseline, without use of the route, or too thin during the incident', () => {
    expect(incidentMove(decisions(400, () => false), start, end)).toBeNull();
    expect(incidentMove(decisions(400, (i) => i >= 5), 5_000, end)).toBeNull();
    expect(incidentMove(decisions(110, (i) => i < 100), start, end)).toBeNull();
  });
});
