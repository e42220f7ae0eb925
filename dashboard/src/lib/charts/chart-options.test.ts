import { describe, expect, it } from 'vitest';
import { bandedOptions, OTHER_LABEL, sparkOptions, stackedOptions, timeTickLabels } from './chart-options.js';

describe('timeTickLabels', () => {
  const t = new Date(2026, 4, 1, 9, 5, 7).getTime() / 1000;
  it.each([
    [60, '09:05:07'],
    [3_600, '09:05'],
    [7 * 86_400, '05-01 09:05'],
  ])('span %i s -> %s', (span, label) => {
    expect(timeTickLabels(span, [t])).toEqual([label]);
  });
});

describe('stackedOptions', () => {
  it('has one series per provider, a band between neighbours, and an optional grey remainder on top', () => {
    const o = stackedOptions(['a', 'b', 'c'], [], true);
    expect(o.series.map((s) => s.label)).toEqual([undefined, 'a', 'b', 'c', OTHER_LABEL]);
    expect(o.bands?.map((b) => b.series)).toEqual([[2, 1], [3, 2], [4, 3]]);
    expect(stackedOptions(['a'], []).bands).toEqual([]);
  });

  it('widens the x range to show markers outside the data', () => {
    const o = stackedOptions(['a'], [{ x: 200, kind: 'config', label: 'config' }]);
    const range = o.scales?.x?.range as (u: unknown, min: number, max: number) => [number, number];
    expect(range(undefined, 100, 150)).toEqual([100, 200]);
    expect(range(undefined, 100, 300)).toEqual([100, 300]);
  });
});

describe('bandedOptions', () => {
  it('adds lower and upper series and a band per provider when banded', () => {
    const o = bandedOptions({ providers: ['a', 'b'], format: String, markers: [], banded: true });
    expect(o.series.length).toBe(7);
    expect(o.bands?.map((b) => b.series)).toEqual([[3, 2], [6, 5]]);
    expect(bandedOptions({ providers: ['a', 'b'], format: String, markers: [], banded: false }).series.length).toBe(3);
  });
});

describe('sparkOptions', () => {
  it('leaves empty time buckets as gaps instead of bridging them', () => {
    const series = sparkOptions('Completion rate', String).series;
    expect(series).toHaveLength(2);
    expect(series[1]).toMatchObject({ label: 'Completion rate', spanGaps: false });
  });
});
