import type { VerificationStore } from '../../db/stores/verification-store.js';
import type { EventBus } from '../events/event-bus.js';
import type { AppMetrics } from './app-metrics.js';

/**
 * Counts decisions, settled attempts and finished verifications from the live event bus.
 * An outcome event names only the attempt, so its status is read back (one primary-key read,
 * after the step committed). @returns unsubscribe, or undefined when the bus is full
 */
export function countBusEvents(
  events: EventBus,
  metrics: AppMetrics,
  verifications: VerificationStore,
): (() => void) | undefined {
  return events.subscribe((e) => {
    switch (e.type) {
      case 'decision': {
        const segment = String(e.data.segment ?? '');
        metrics.decisions.inc({
          provider: String(e.data.provider ?? 'unknown'),
          country: segment.split(':')[0] ?? 'unknown',
        });
        return;
      }
      case 'outcome': {
        const attempt = verifications.findAttempt(String(e.data.attemptId ?? ''));
        if (attempt)
          metrics.attempts.inc({
            provider: attempt.provider,
            outcome: attempt.completed ? 'completed' : attempt.status,
          });
        return;
      }
      case 'verification':
        metrics.verificationsFinished.inc({ status: String(e.data.status ?? 'unknown') });
        return;
      default:
        return;
    }
  });
}
