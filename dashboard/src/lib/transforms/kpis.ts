import type { SummaryResponse, TimeseriesPoint } from '../api/api-types.js';
import { formatMs, formatNumber, formatPercent, formatUsd, toMillis } from './format.js';

export type KpiId = 'rate' | 'completion' | 'p50' | 'p95' | 'fallback' | 'cost';

export interface Kpi {
  readonly id: KpiId;
  readonly label: string;
  readonly value: string;
  readonly raw: number | null;
}

/**
 * Minutes of the summary's range that had traffic: from its first verification (or the range
 * start, when earlier) to the range end, and at least one, so that a server started two minutes
 * into a 24-hour range reports the rate of those two minutes, not a 720th of it.
 */
export function trafficMinutes(summary: Pick<SummaryResponse, 'from' | 'to' | 'totals'>): number {
  const from = toMillis(summary.from);
  const first = summary.totals.firstAt === null ? from : Math.max(from, toMillis(summary.totals.firstAt));
  return Math.max(1, (toMillis(summary.to) - first) / 60_000);
}

/** A summary -> the Overview's KPI tiles; verifications/min = verifications / {@link trafficMinutes}. */
export function kpisFrom(summary: Pick<SummaryResponse, 'from' | 'to' | 'totals'> | undefined): Kpi[] {
  const totals = summary?.totals;
  const perMin = summary ? summary.totals.verifications / trafficMinutes(summary) : null;
  return [
    { id: 'rate', label: 'Verifications / min', value: formatNumber(perMin, 1), raw: perMin },
    { id: 'completion', label: 'Completion rate', value: formatPercent(totals?.completionRate), raw: totals?.completionRate ?? null },
    { id: 'p50', label: 'Time to verify p50', value: formatMs(totals?.timeToVerifyP50Ms), raw: totals?.timeToVerifyP50Ms ?? null },
    { id: 'p95', label: 'Time to verify p95', value: formatMs(totals?.timeToVerifyP95Ms), raw: totals?.timeToVerifyP95Ms ?? null },
    { id: 'fallback', label: 'Fallback rate', value: formatPercent(totals?.fallbackRate), raw: totals?.fallbackRate ?? null },
    { id: 'cost', label: 'Cost per completed', value: formatUsd(totals?.costPerCompletion), raw: totals?.costPerCompletion ?? null },
  ];
}

/** One small chart per KPI: x in epoch seconds, y per bucket (verifications scaled to per minute). */
export interface KpiSeries {
  readonly xs: number[];
  readonly byKpi: Readonly<Record<KpiId, (number | null)[]>>;
}

/**
 * Time-series buckets -> per-KPI columns, sorted by time; `bucketSeconds` converts counts to a
 * per-minute rate. With `to` (the series' end), a bucket that ends after it is left out: it
 * holds only the last seconds of traffic, so its rate always dipped and its other points came
 * from a handful of verifications.
 */
export function kpiSeries(points: readonly TimeseriesPoint[], bucketSeconds: number, to?: string): KpiSeries {
  const end = to === undefined ? Infinity : toMillis(to) / 1_000;
  const rows = points
    .map((p) => ({ p, x: toMillis(p.at) / 1_000 }))
    .filter((r) => Number.isFinite(r.x) && !(r.x + bucketSeconds > end))
    .sort((a, b) => a.x - b.x);
  const col = (f: (p: TimeseriesPoint) => number | null | undefined): (number | null)[] =>
    rows.map(({ p }) => {
      const v = f(p);
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
  return {
    xs: rows.map((r) => r.x),
    byKpi: {
      rate: col((p) => (bucketSeconds > 0 ? p.verifications / (bucketSeconds / 60) : null)),
      completion: col((p) => p.completionRate),
      p50: col((p) => p.p50Ms),
      p95: col((p) => p.p95Ms),
      fallback: col((p) => p.fallbackRate),
      cost: col((p) => p.costPerCompletion),
    },
  };
}
