import type { ProviderHealth } from '../api/api-types.js';

export type HealthField = 'completionRate' | 'timeoutRate' | 'latencyP50Ms' | 'latencyP90Ms';

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One health figure of a provider in a segment. Latency is read from the flat
 * `latencyP50Ms`/`latencyP90Ms` fields when present, else from the registry's
 * `deliveryLatencyMs: { p50, p90 }` digest (the server sends the health snapshot as is).
 */
export function healthValue(h: ProviderHealth | null | undefined, field: HealthField): number | null {
  if (!h) return null;
  const flat = finite(h[field]);
  if (flat !== null || field === 'completionRate' || field === 'timeoutRate') return flat;
  const digest = h.deliveryLatencyMs;
  if (typeof digest !== 'object' || digest === null) return null;
  return finite((digest as Record<string, unknown>)[field === 'latencyP50Ms' ? 'p50' : 'p90']);
}
