import type { HistoryPoint } from '../api/api-types.js';
import { toMillis } from './format.js';

/** Time-aligned columns for uPlot: one x axis (epoch seconds), one array per provider. */
export interface ProviderSeries {
  readonly xs: number[];
  readonly providers: string[];
  /** values[providerIndex][xIndex]; null where the provider has no snapshot at that time. */
  readonly values: (number | null)[][];
}

/**
 * Pivots history points (one row per time x provider) into aligned columns. Providers are
 * sorted lexicographically so each keeps its colour across reloads; points with unreadable
 * times are dropped; a duplicate (time, provider) keeps the last value.
 */
export function pivotByProvider(points: readonly HistoryPoint[], pick: (p: HistoryPoint) => number | null | undefined): ProviderSeries {
  const seconds = new Set<number>();
  const providers = new Set<string>();
  for (const p of points) {
    const ms = toMillis(p.at);
    if (!Number.isFinite(ms)) continue;
    seconds.add(ms / 1_000);
    providers.add(p.provider);
  }
  const xs = [...seconds].sort((a, b) => a - b);
  const names = [...providers].sort();
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const pIndex = new Map(names.map((n, i) => [n, i]));
  const values = names.map(() => xs.map((): number | null => null));
  for (const p of points) {
    const i = xIndex.get(toMillis(p.at) / 1_000);
    const j = pIndex.get(p.provider);
    if (i === undefined || j === undefined) continue;
    const v = pick(p);
    (values[j] as (number | null)[])[i] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return { xs, providers: names, values };
}
