export interface TimeRange {
  readonly id: string;
  readonly label: string;
  readonly ms: number;
}

const MIN = 60_000;

/** Selectable windows ending now. */
export const TIME_RANGES: readonly TimeRange[] = [
  { id: '5m', label: 'Last 5 minutes', ms: 5 * MIN },
  { id: '15m', label: 'Last 15 minutes', ms: 15 * MIN },
  { id: '1h', label: 'Last hour', ms: 60 * MIN },
  { id: '6h', label: 'Last 6 hours', ms: 360 * MIN },
  { id: '24h', label: 'Last 24 hours', ms: 1_440 * MIN },
  { id: '7d', label: 'Last 7 days', ms: 10_080 * MIN },
];

export const DEFAULT_RANGE_ID = '15m';

/** The range with this id, or the default one for unknown ids (e.g. a stale link). */
export function rangeById(id: string | undefined): TimeRange {
  return TIME_RANGES.find((r) => r.id === id) ?? (TIME_RANGES.find((r) => r.id === DEFAULT_RANGE_ID) as TimeRange);
}

/**
 * Time-series bucket (seconds) giving about `target` points over the window, rounded up to a
 * whole number of 10 s so buckets line up with the server's snapshots; at least 10 s.
 */
export function bucketSecondsFor(windowMs: number, target = 60): number {
  const raw = windowMs / 1_000 / target;
  return Math.max(10, Math.ceil(raw / 10) * 10);
}
