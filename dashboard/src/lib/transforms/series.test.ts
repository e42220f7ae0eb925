import { describe, expect, it } from 'vitest';
import type { HistoryEvent, HistoryPoint } from '../api/api-types.js';
import { bandedColumns } from './banded-columns.js';
import { eventMarkers } from './event-markers.js';
import { pivotByProvider } from './provider-series.js';
import { stackProbabilities } from './stacked-probabilities.js';

const T0 = '2026-05-01T12:00:00.000Z';
const T1 = '2026-05-01T12:00:10.000Z';
const S0 = Date.parse(T0) / 1000;

function pt(at: string, provider: string, probability: number, extra: Partial<HistoryPoint> = {}): HistoryPoint {
  return { at, provider, probability, mean: 0.5, lower: 0.4, upper: 0.6, n: 10, ...extra };
}

describe('pivotByProvider', () => {
  it('aligns points on sorted times and sorted providers, null where a provider is missing', () => {
    const s = pivotByProvider([pt(T1, 'beta', 0.3), pt(T0, 'beta', 0.2), pt(T1, 'alpha', 0.7)], (p) => p.probability);
    expect(s).toEqual({ xs: [S0, S0 + 10], providers: ['alpha', 'beta'], values: [[null, 0.7], [0.2, 0.3]] });
  });

  it('drops unreadable times, keeps the last duplicate and turns non-finite picks into null', () => {
    const s = pivotByProvider([pt('garbage', 'a', 1), pt(T0, 'a', 0.1), pt(T0, 'a', 0.2), pt(T0, 'b', Number.NaN)], (p) => p.probability);
    expect(s).toEqual({ xs: [S0], providers: ['a', 'b'], values: [[0.2], [null]] });
  });
});

describe('stackProbabilities', () => {
  it('stacks shares bottom-up in provider order, a missing provider counting 0', () => {
    const s = stackProbabilities([pt(T0, 'b', 0.25), pt(T0, 'a', 0.75), pt(T1, 'a', 0.4), pt(T1, 'c', 0.6)]);
    expect(s.providers).toEqual(['a', 'b', 'c']);
    expect(s.shares).toEqual([[0.75, 0.4], [0.25, 0], [0, 0.6]]);
    expect(s.stacked).toEqual([[0.75, 0.4], [1, 0.4], [1, 1]]);
    expect(s.remainder).toEqual([0, 0]);
  });

  it('reports the probability not accounted for by listed providers', () => {
    const s = stackProbabilities([pt(T0, 'a', 0.4), pt(T0, 'b', 0.35), pt(T1, 'a', 0.9)]);
    expect(s.remainder.map((r) => Number(r.toFixed(10)))).toEqual([0.25, 0.1]);
  });

  it('clamps probabilities outside [0, 1] so the stack never leaves the axis', () => {
    expect(stackProbabilities([pt(T0, 'a', 1.2), pt(T0, 'b', -0.1)]).shares).toEqual([[1], [0]]);
  });

  it('is empty for no points', () => {
    expect(stackProbabilities([])).toEqual({ xs: [], providers: [], shares: [], stacked: [], remainder: [] });
  });
});

describe('bandedColumns', () => {
  it('interleaves centre, lower and upper per provider', () => {
    const c = bandedColumns([pt(T0, 'b', 0, { mean: 0.2, lower: 0.1, upper: 0.3 }), pt(T0, 'a', 0, { mean: 0.8, lower: 0.7, upper: 0.9 })], (p) => p.mean, {
      low: (p) => p.lower,
      high: (p) => p.upper,
    });
    expect(c).toEqual({ xs: [S0], providers: ['a', 'b'], columns: [[0.8], [0.7], [0.9], [0.2], [0.1], [0.3]] });
  });

  it('has one column per provider without a band', () => {
    expect(bandedColumns([pt(T0, 'a', 0, { cost: 0.05 }), pt(T1, 'a', 0)], (p) => p.cost).columns).toEqual([[0.05, null]]);
  });
});

describe('eventMarkers', () => {
  it('sorts events by time, converts to seconds and labels them', () => {
    const events: HistoryEvent[] = [
      { at: T1, kind: 'config', detail: { version: 'reward-v2' } },
      { at: T0, kind: 'breaker', provider: 'a', detail: 'opened after 5 failures' },
      { at: 'nope', kind: 'change', detail: 'x' },
    ];
    expect(eventMarkers(events)).toEqual([
      { x: S0, kind: 'breaker', provider: 'a', label: 'breaker a: opened after 5 failures' },
      { x: S0 + 10, kind: 'config', label: 'config: version: reward-v2' },
    ]);
  });
});
