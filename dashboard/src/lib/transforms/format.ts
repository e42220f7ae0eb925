/** Display formatting; every formatter shows "—" for a missing value instead of NaN or 0. */

export const MISSING = '—';

function ok(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** 0.934 -> "93.4%". */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return ok(v) ? `${(v * 100).toFixed(digits)}%` : MISSING;
}

/** 850 -> "850 ms", 12_300 -> "12.3 s". */
export function formatMs(v: number | null | undefined): string {
  if (!ok(v)) return MISSING;
  return Math.abs(v) < 1_000 ? `${Math.round(v)} ms` : `${(v / 1_000).toFixed(1)} s`;
}

/** USD with enough decimals for per-message prices: 0.0123 -> "$0.0123", 12.5 -> "$12.50". */
export function formatUsd(v: number | null | undefined): string {
  if (!ok(v)) return MISSING;
  return `$${v.toFixed(Math.abs(v) < 1 ? 4 : 2)}`;
}

/** 3.14159 -> "3.14". */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  return ok(v) ? v.toFixed(digits) : MISSING;
}

/** ISO string or epoch ms -> epoch ms (NaN when unreadable). */
export function toMillis(at: string | number | undefined | null): number {
  if (typeof at === 'number') return at;
  if (typeof at !== 'string' || at === '') return Number.NaN;
  return Date.parse(at);
}

/** Local date-time, e.g. "2026-05-01 14:03:07". */
export function formatDateTime(at: string | number | undefined | null): string {
  const ms = toMillis(at);
  if (!Number.isFinite(ms)) return MISSING;
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Local time of day, e.g. "14:03:07". */
export function formatTime(at: string | number | undefined | null): string {
  const s = formatDateTime(at);
  return s === MISSING ? s : s.slice(11);
}
