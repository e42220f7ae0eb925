import type { DecisionExportRow } from '../../db/stores/analytics-store.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { landingSignalMs } from '../../engine/failover/settle-attempt.js';

/**
 * A stored attempt as a {@link DecisionRecord} (the export and offline-evaluation row). Fields
 * are copied one by one, so nothing the row may gain later (let alone a phone field) leaks.
 * The outcome is null until the attempt is settled; `latencyMs` is send-to-completion for a
 * completed attempt, else send-to-receipt (0 without a receipt): the reward only reads it on
 * completion.
 */
export function toDecisionRecord(r: DecisionExportRow): DecisionRecord {
  const accepted =
    r.status !== 'rejected' &&
    (r.completed || r.acceptedAt !== null || r.status === 'delivered' || r.status === 'undelivered');
  const end = r.completed && r.completedAt !== null ? r.completedAt : (r.receiptAt ?? r.startedAt);
  // The landing signal as the reducer's attemptOutcome gave it to the engine at settlement: a
  // receipt after the soft-failure deadline came after the attempt was settled.
  const signal = landingSignalMs(
    r.requestedAt,
    r.status === 'delivered' && r.receiptAt !== null && r.receiptAt <= r.startedAt + r.budgetMs ? r.receiptAt : undefined,
    r.completed && r.completedAt !== null ? r.completedAt : undefined,
  );
  return {
    attemptId: r.attemptId,
    verificationId: r.verificationId,
    attemptNumber: r.seq,
    at: r.startedAt,
    context: {
      country: r.country,
      operator: r.operator,
      routeClass: r.routeClass,
      action: r.action,
      tenant: r.tenantId,
      fraudScore: r.fraudScore,
      windowMs: r.windowMs,
    },
    segment: r.segment,
    provider: r.provider,
    propensity: r.propensity,
    probabilities: r.decision.probabilities ? { ...r.decision.probabilities } : null,
    policy: r.policyKind,
    policyVersion: r.policyVersion,
    rewardVersion: r.rewardVersion,
    outcome: r.settled
      ? {
          accepted,
          delivered: r.status === 'delivered',
          completed: r.completed,
          latencyMs: Math.max(0, end - r.startedAt),
          cost: r.cost,
          ...(signal !== undefined ? { signalMs: signal } : {}),
        }
      : null,
    reward: r.settled ? r.reward : null,
  };
}
