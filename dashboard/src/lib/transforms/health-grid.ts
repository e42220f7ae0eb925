import type { BreakerState, Segment } from '../api/api-types.js';
import type { HealthMetric } from './heat-color.js';
import { healthValue } from './health-value.js';

export interface HealthCell {
  readonly value: number | null;
  /** Observations behind the value (sum of estimate.n). */
  readonly n: number;
  /** Worst breaker state among the segments in the cell: open > half-open > closed. */
  readonly breaker: BreakerState;
  readonly segments: number;
}

export interface HealthGrid {
  readonly rows: string[];
  readonly providers: string[];
  readonly cell: (row: string, provider: string) => HealthCell | undefined;
}

const BREAKER_RANK: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Segments -> heatmap: rows are countries, or with `country` set the operators of that country
 * (drill-down); columns are providers. A cell's value is the n-weighted mean of the metric over
 * its segments (weight max(n, 1), so a segment with no observations still counts once); missing
 * metric values are skipped.
 */
export function healthGrid(segments: readonly Segment[], metric: HealthMetric, country?: string): HealthGrid {
  const acc = new Map<string, { sum: number; w: number; n: number; breaker: BreakerState; segments: number }>();
  const rows = new Set<string>();
  const providers = new Set<string>();
  for (const s of segments) {
    if (country !== undefined && s.country !== country) continue;
    const row = country === undefined ? s.country : s.operator;
    rows.add(row);
    for (const p of s.providers) {
      providers.add(p.provider);
      const key = `${row}\u0000${p.provider}`;
      const a = acc.get(key) ?? { sum: 0, w: 0, n: 0, breaker: 'closed' as BreakerState, segments: 0 };
      const n = Math.max(0, p.estimate?.n ?? 0);
      const v = healthValue(p.health, metric);
      if (v !== null) {
        const w = Math.max(n, 1);
        a.sum += v * w;
        a.w += w;
      }
      a.n += n;
      a.segments += 1;
      const state = p.breaker?.state ?? 'closed';
      if ((BREAKER_RANK[state] ?? 0) > BREAKER_RANK[a.breaker]) a.breaker = state;
      acc.set(key, a);
    }
  }
  return {
    rows: [...rows].sort(),
    providers: [...providers].sort(),
    cell: (row, provider) => {
      const a = acc.get(`${row}\u0000${provider}`);
      return a ? { value: a.w > 0 ? a.sum / a.w : null, n: a.n, breaker: a.breaker, segments: a.segments } : undefined;
    },
  };
}
