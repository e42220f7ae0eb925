import { describe, expect, it } from 'vitest';
import { RunRecorder } from './run-recorder.js';

const HOUR = 3_600_000;

describe('RunRecorder', () => {
  it('computes the metrics of a hand-made run', () => {
    const r = new RunRecorder({ startMs: 0, endMs: 4 * HOUR, buckets: 4, trackedSegments: ['DE:262-01:standard'], incidents: [] });
    // Three legitimate verifications and one fraudulent one.
    r.decision('DE:262-01:standard', 1, 1000, 'a', 0.1);
    r.spend(false, 0.05, 1000);
    r.finish(false, true, 0, 10_000, 1); // approved after 10 s, one attempt
    r.decision('DE:262-01:standard', 1, HOUR + 1000, 'b', 0);
    r.decision('DE:262-01:standard', 2, HOUR + 5000, 'a', 0.2);
    r.spend(false, 0.03, HOUR + 1000);
    r.spend(false, 0.05, HOUR + 5000);
    r.finish(false, true, HOUR, HOUR + 30_000, 2); // approved after 30 s, two attempts
    r.refusal();
    r.finish(false, false, 2 * HOUR, 2 * HOUR, 0);
    r.spend(true, 0.5, 3 * HOUR);
    r.finish(true, false, 3 * HOUR, 3 * HOUR + 300_000, 1);
    const { metrics, series } = r.result(2);
    expect(metrics.completionRate).toBeCloseTo(2 / 3, 12);
    expect(metrics.costPerCompleted).toBeCloseTo(0.13 / 2, 12);
    expect(metrics.ttvP50Seconds).toBeCloseTo(20, 12);
    expect(metrics.ttvP95Seconds).toBeCloseTo(29, 12);
    expect(metrics.fallbackRate).toBeCloseTo(1 / 3, 12);
    expect(metrics.attemptsPerVerification).toBeCloseTo(1, 12);
    expect(metrics.regret).toBeCloseTo(0.3, 12);
    expect(metrics.fraudSpend).toBe(0.5);
    expect(metrics.decisions).toBe(4);
    expect(metrics.refusalRate).toBe(0.25);
    expect(series.started).toEqual([1, 1, 1, 0]);
    expect(series.completed).toEqual([1, 1, 0, 0]);
    expect(series.shares['DE:262-01:standard']).toEqual({ a: [1, 0, 0, 0], b: [0, 1, 0, 0] });
  });

  it('leaves cost per completion undefined without completions', () => {
    const r = new RunRecorder({ startMs: 0, endMs: HOUR, buckets: 1, trackedSegments: [], incidents: [] });
    r.finish(false, false, 0, 1000, 1);
    expect(r.result(1).metrics.costPerCompleted).toBeNaN();
    expect(r.result(1).metrics.completionRate).toBe(0);
  });

  it('reports the busiest affected segment of an incident as the headline, and every counted segment', () => {
    const busy = 'DE:262-01:standard';
    const thin = 'DE:262-02:premium';
    const r = new RunRecorder({
      startMs: 0,
      endMs: 10 * HOUR,
      buckets: 10,
      trackedSegments: [busy, thin],
      incidents: [{ id: 'x', provider: 'p', segments: [thin, busy], start: 200_000, end: 10 * HOUR }],
    });
    for (let i = 0; i < 400; i++) {
      r.decision(busy, 1, i * 1000, i < 250 ? 'p' : 'q', 0);
      if (i % 2 === 0) r.decision(thin, 1, i * 1000, 'p', 0);
    }
    const [incident] = r.result(1).incidents;
    // busy segment: failed until 250, the first 20-window with <= 2 failed ends at 267 -> 68th decision after the start
    expect(incident).toMatchObject({ id: 'x', segment: busy, decisions: 68, seconds: 67 });
    expect(incident?.segments.map((s) => [s.segment, s.during, s.decisions])).toEqual([
      [busy, 200, 68],
      [thin, 100, null],
    ]);
  });
});
