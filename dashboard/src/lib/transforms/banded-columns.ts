import type { HistoryPoint } from '../api/api-types.js';
import { pivotByProvider } from './provider-series.js';

type Pick = (p: HistoryPoint) => number | null | undefined;

export interface BandedColumns {
  readonly xs: number[];
  readonly providers: string[];
  /** Columns after x in chart order: per provider centre, then lower and upper when banded. */
  readonly columns: (number | null)[][];
}

/**
 * History points -> uPlot columns for a per-provider line with an optional band, e.g. the
 * learned estimate (mean in [lower, upper]) or latency (p50 with the band up to p90).
 */
export function bandedColumns(points: readonly HistoryPoint[], centre: Pick, band?: { low: Pick; high: Pick }): BandedColumns {
  const c = pivotByProvider(points, centre);
  const lo = band ? pivotByProvider(points, band.low) : undefined;
  const hi = band ? pivotByProvider(points, band.high) : undefined;
  const columns: (number | null)[][] = [];
  c.providers.forEach((_, k) => {
    columns.push(c.values[k] as (number | null)[]);
    if (lo && hi) columns.push(lo.values[k] as (number | null)[], hi.values[k] as (number | null)[]);
  });
  return { xs: c.xs, providers: c.providers, columns };
}
