import type { Breaker } from './circuit-breaker.js';
import { requireFinite } from './config-checks.js';

const PHASES = new Set(['closed', 'open', 'half-open']);

/**
 * Validates a breaker read back from JSON.
 * @throws TypeError naming the offending field
 */
export function restoreBreaker(value: Breaker): Breaker {
  if (!PHASES.has(value?.phase))
    throw new TypeError(`breaker.phase must be closed, open or half-open, got ${String(value?.phase)}`);
  if (!(Number.isInteger(value.consecutiveFailures) && value.consecutiveFailures >= 0)) {
    throw new TypeError(
      `breaker.consecutiveFailures must be an integer >= 0, got ${String(value.consecutiveFailures)}`,
    );
  }
  if (!(Number.isInteger(value.ejections) && value.ejections >= 0))
    throw new TypeError(`breaker.ejections must be an integer >= 0, got ${String(value.ejections)}`);
  requireFinite('breaker.ejectedUntil', value.ejectedUntil);
  requireFinite('breaker.since', value.since);
  if (value.probeAt !== null) requireFinite('breaker.probeAt', value.probeAt);
  return Object.freeze({ ...value });
}
