import { describe, expect, it } from 'vitest';
import type { CoefficientPoint } from '../api/api-types.js';
import { coefficientOptions, featureDash } from '../charts/chart-options.js';
import { coefficientColumns, coefficientProviders } from './coefficient-columns.js';

const T0 = '2026-05-01T12:00:00.000Z';
const T1 = '2026-05-01T12:00:10.000Z';
const S0 = Date.parse(T0) / 1000;

const c = (at: string, provider: string, values: Record<string, number>): CoefficientPoint => ({
  at,
  provider,
  values,
});

describe('coefficientProviders', () => {
  it('lists each provider once, sorted', () => {
    expect(coefficientProviders([c(T0, 'b', {}), c(T0, 'a', {}), c(T1, 'b', {})])).toEqual(['a', 'b']);
    expect(coefficientProviders([])).toEqual([]);
  });
});

describe('coefficientColumns', () => {
  it("pivots one provider's points into time-sorted columns per feature, in first-seen feature order", () => {
    const cols = coefficientColumns(
      [c(T1, 'a', { bias: 0.3, hour: -0.2 }), c(T0, 'b', { bias: 9 }), c(T0, 'a', { bias: 0.1, hour: 0.05 })],
      'a',
    );
    expect(cols).toEqual({
      xs: [S0, S0 + 10],
      features: ['bias', 'hour'],
      columns: [
        [0.1, 0.3],
        [0.05, -0.2],
      ],
    });
  });

  it('drops unreadable times, keeps the last duplicate and fills missing or non-finite values with null', () => {
    const cols = coefficientColumns(
      [
        c('garbage', 'a', { bias: 5 }),
        c(T0, 'a', { bias: 1 }),
        c(T0, 'a', { bias: 2 }),
        c(T1, 'a', { bias: Number.NaN, extra: 4 }),
      ],
      'a',
    );
    expect(cols).toEqual({
      xs: [S0, S0 + 10],
      features: ['bias', 'extra'],
      columns: [
        [2, null],
        [null, 4],
      ],
    });
  });

  it('is empty for a provider without points', () => {
    expect(coefficientColumns([c(T0, 'a', { bias: 1 })], 'z')).toEqual({ xs: [], features: [], columns: [] });
  });
});

describe('coefficientOptions', () => {
  it('draws one labelled series per feature, dashing the lines past the first palette cycle', () => {
    const features = Array.from({ length: 19 }, (_, i) => `f${i}`);
    const o = coefficientOptions(features, []);
    expect(o.series.slice(1).map((s) => s.label)).toEqual(features);
    expect([featureDash(0), featureDash(7), featureDash(8), featureDash(16)]).toEqual([
      undefined,
      undefined,
      [6, 3],
      [2, 3],
    ]);
    expect(o.series[9]?.dash).toEqual([6, 3]);
  });
});
