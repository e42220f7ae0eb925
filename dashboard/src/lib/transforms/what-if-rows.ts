import type { WhatIfResponse, WhatIfSide } from '../api/api-types.js';
import { formatMs, formatNumber, formatPercent, formatUsd } from './format.js';

export interface WhatIfRow {
  readonly label: string;
  readonly baseline: string;
  readonly proposed: string;
  readonly delta: string;
  /** true when the change is an improvement, false when worse, null when unchanged or unknown. */
  readonly better: boolean | null;
}

interface Metric {
  readonly label: string;
  readonly key: 'completionRate' | 'meanLatencyMs' | 'costPerCompletion' | 'meanReward';
  readonly format: (v: number) => string;
  readonly delta: (d: number) => string;
  readonly higherIsBetter: boolean;
}

const signed = (s: string, d: number): string => (d > 0 ? `+${s}` : s);

const METRICS: readonly Metric[] = [
  { label: 'Completion rate', key: 'completionRate', format: (v) => formatPercent(v), delta: (d) => signed(`${(d * 100).toFixed(1)} pp`, d), higherIsBetter: true },
  { label: 'Mean latency', key: 'meanLatencyMs', format: formatMs, delta: (d) => signed(formatMs(d), d), higherIsBetter: false },
  { label: 'Cost per completion', key: 'costPerCompletion', format: formatUsd, delta: (d) => (d < 0 ? `-${formatUsd(-d)}` : signed(formatUsd(d), d)), higherIsBetter: false },
  { label: 'Mean reward', key: 'meanReward', format: (v) => formatNumber(v, 3), delta: (d) => signed(d.toFixed(3), d), higherIsBetter: true },
];

function row(label: string, b: number | null | undefined, p: number | null | undefined, m: Pick<Metric, 'format' | 'delta' | 'higherIsBetter'>): WhatIfRow {
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!ok(b) || !ok(p)) return { label, baseline: ok(b) ? m.format(b) : '—', proposed: ok(p) ? m.format(p) : '—', delta: '—', better: null };
  const d = p - b;
  const better = Math.abs(d) < 1e-12 ? null : d > 0 === m.higherIsBetter;
  return { label, baseline: m.format(b), proposed: m.format(p), delta: m.delta(d), better };
}

/** What-if response -> comparison rows: the four headline metrics, then each provider's traffic share (sorted by name). */
export function whatIfRows(res: WhatIfResponse): { metrics: WhatIfRow[]; shares: WhatIfRow[] } {
  const metrics = METRICS.map((m) => row(m.label, (res.baseline as WhatIfSide)[m.key], (res.proposed as WhatIfSide)[m.key], m));
  const providers = [...new Set([...Object.keys(res.baseline.shares ?? {}), ...Object.keys(res.proposed.shares ?? {})])].sort();
  const shares = providers.map((p) =>
    row(p, res.baseline.shares?.[p] ?? 0, res.proposed.shares?.[p] ?? 0, {
      format: (v) => formatPercent(v),
      delta: (d) => signed(`${(d * 100).toFixed(1)} pp`, d),
      higherIsBetter: true,
    }),
  );
  // A share moving is neither good nor bad by itself.
  return { metrics, shares: shares.map((s) => ({ ...s, better: null })) };
}
