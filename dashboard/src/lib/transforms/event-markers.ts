import type { HistoryEvent, HistoryEventKind } from '../api/api-types.js';
import { toMillis } from './format.js';

export interface EventMarker {
  /** Epoch seconds (uPlot's x unit). */
  readonly x: number;
  readonly kind: HistoryEventKind;
  readonly provider?: string;
  readonly label: string;
}

export const MARKER_COLORS: Readonly<Record<HistoryEventKind, string>> = {
  breaker: '#c62828',
  change: '#ef6c00',
  config: '#6a1b9a',
};

function describe(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || detail === null) return String(detail ?? '');
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** Breaker, change-detection and config events as time-axis markers, oldest first; unreadable times are dropped. */
export function eventMarkers(events: readonly HistoryEvent[]): EventMarker[] {
  return events
    .map((e) => ({ e, ms: toMillis(e.at) }))
    .filter(({ ms }) => Number.isFinite(ms))
    .sort((a, b) => a.ms - b.ms)
    .map(({ e, ms }) => ({
      x: ms / 1_000,
      kind: e.kind,
      ...(e.provider ? { provider: e.provider } : {}),
      label: `${e.kind}${e.provider ? ` ${e.provider}` : ''}: ${describe(e.detail)}`,
    }));
}
