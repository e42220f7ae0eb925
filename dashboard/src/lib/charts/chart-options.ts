import type uPlot from 'uplot';
import type { EventMarker } from '../transforms/event-markers.js';
import { PALETTE, providerColor, withAlpha } from '../transforms/provider-colors.js';
import { markerPlugin } from './marker-plugin.js';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const AXIS = { stroke: '#37474f', grid: { stroke: '#eceff1', width: 1 }, ticks: { stroke: '#cfd8dc', width: 1 } };

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Local-time tick labels sized to the visible span: seconds under 10 minutes, minutes under
 * 2 days, else month-day and hour (uPlot's defaults print milliseconds on short spans).
 */
export function timeTickLabels(spanSeconds: number, splits: readonly number[]): string[] {
  return splits.map((s) => {
    const d = new Date(s * 1000);
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (spanSeconds < 600) return `${hm}:${pad(d.getSeconds())}`;
    if (spanSeconds < 2 * 86_400) return hm;
    return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
  });
}

const X_AXIS: uPlot.Axis = {
  ...AXIS,
  values: (u, splits) => timeTickLabels((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0), splits),
};

function pct(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

export const OTHER_LABEL = 'other providers';
const OTHER_COLOR = '#b0bec5';

/** Widens the x range so event markers just outside the data (e.g. a config change after the last snapshot) are drawn. */
function xRangeWith(markers: readonly EventMarker[]): uPlot.Scale.Range {
  const xs = markers.map((m) => m.x);
  return (_u, min, max) => {
    const lo = Math.min(min, ...xs);
    const hi = Math.max(max, ...xs);
    return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  };
}

/**
 * Stacked area of selection probability: series k+1 is the running sum up to provider k, the
 * band between series k+1 and k is provider k's share; with `other`, a last grey band up to 1
 * holds the probability of providers without state in the segment. The legend prints each
 * band's own share (the difference of adjacent running sums), not the running sum.
 */
export function stackedOptions(providers: readonly string[], markers: readonly EventMarker[], other = false): ChartOptions {
  const names = other ? [...providers, OTHER_LABEL] : [...providers];
  const color = (k: number): string => (other && k === providers.length ? OTHER_COLOR : providerColor(k));
  return {
    scales: { x: { time: true, range: xRangeWith(markers) }, y: { range: [0, 1] } },
    axes: [X_AXIS, { ...AXIS, values: (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`), size: 50 }],
    series: [
      {},
      ...names.map((p, k) => ({
        label: p,
        stroke: color(k),
        width: 1,
        fill: withAlpha(color(k), 0.55),
        points: { show: false },
        value: (u: uPlot, _v: number | null, si: number, di: number | null) => {
          if (di === null) return '—';
          const top = u.data[si]?.[di];
          const below = si > 1 ? (u.data[si - 1]?.[di] ?? 0) : 0;
          return typeof top === 'number' ? pct(top - (below ?? 0)) : '—';
        },
      })),
    ],
    bands: names.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number], fill: withAlpha(color(i + 1), 0.55) })),
    plugins: [markerPlugin(markers)],
    cursor: { points: { show: false } },
  };
}

export interface BandedChartSpec {
  readonly providers: readonly string[];
  /** Formats a y value for the axis and legend. */
  readonly format: (v: number) => string;
  readonly markers: readonly EventMarker[];
  /** Whether each provider has lower/upper series after its centre line. */
  readonly banded: boolean;
  readonly yRange?: [number, number];
}

/**
 * One line per provider, optionally with an uncertainty band: for provider k the series are
 * centre (1 + 3k), lower (2 + 3k), upper (3 + 3k) when banded, else centre only (1 + k).
 */
export function bandedOptions(spec: BandedChartSpec): ChartOptions {
  const series: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  const fmt = (_u: uPlot, v: number | null): string => (typeof v === 'number' && Number.isFinite(v) ? spec.format(v) : '—');
  spec.providers.forEach((p, k) => {
    const color = providerColor(k);
    series.push({ label: p, stroke: color, width: 2, value: fmt, points: { show: false }, spanGaps: true });
    if (spec.banded) {
      const centre = series.length - 1;
      series.push({ label: `${p} low`, stroke: withAlpha(color, 0.3), width: 1, value: fmt, points: { show: false }, spanGaps: true });
      series.push({ label: `${p} high`, stroke: withAlpha(color, 0.3), width: 1, value: fmt, points: { show: false }, spanGaps: true });
      bands.push({ series: [centre + 2, centre + 1], fill: withAlpha(color, 0.15) });
    }
  });
  return {
    scales: { x: { time: true, range: xRangeWith(spec.markers) }, y: spec.yRange ? { range: spec.yRange } : { auto: true } },
    axes: [X_AXIS, { ...AXIS, values: (_u, splits) => splits.map((v) => spec.format(v)), size: 64 }],
    series,
    bands,
    plugins: [markerPlugin(spec.markers)],
    cursor: { points: { show: false } },
    legend: { show: false },
  };
}

/** Dash pattern of the feature line at `index`: solid in the first palette cycle, then dashed, then dotted. */
export function featureDash(index: number): number[] | undefined {
  const cycle = Math.floor(index / PALETTE.length) % 3;
  return cycle === 0 ? undefined : cycle === 1 ? [6, 3] : [2, 3];
}

/**
 * One line per feature coefficient of a contextual model, with a legend: there are more
 * features than colours, so lines past the palette differ by dash pattern.
 */
export function coefficientOptions(features: readonly string[], markers: readonly EventMarker[]): ChartOptions {
  const fmt = (_u: uPlot, v: number | null): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
  const series: uPlot.Series[] = [{}];
  features.forEach((name, k) => {
    const dash = featureDash(k);
    series.push({ label: name, stroke: providerColor(k), width: 1.5, value: fmt, points: { show: false }, spanGaps: true, ...(dash ? { dash } : {}) });
  });
  return {
    scales: { x: { time: true, range: xRangeWith(markers) }, y: { auto: true } },
    axes: [X_AXIS, { ...AXIS, values: (_u, splits) => splits.map((v) => v.toFixed(2)), size: 56 }],
    series,
    plugins: [markerPlugin(markers)],
    cursor: { points: { show: false } },
  };
}

/**
 * A small single-series chart for a KPI tile. Its points are fixed time buckets, and an empty
 * bucket (no verification finished: no rate, no latency) is left as a gap rather than bridged,
 * so an outage or a quiet hour does not draw as a smooth line.
 */
export function sparkOptions(label: string, format: (v: number) => string, color = '#0072B2'): ChartOptions {
  return {
    scales: { x: { time: true } },
    axes: [
      { ...X_AXIS, size: 28, font: '10px system-ui', space: 60 },
      { ...AXIS, size: 56, font: '10px system-ui', values: (_u, splits) => splits.map((v) => format(v)) },
    ],
    series: [{}, { label, stroke: color, width: 2, fill: withAlpha(color, 0.12), points: { show: false }, spanGaps: false }],
    legend: { show: false },
    cursor: { points: { show: false } },
  };
}
