import type { AttemptRecord, VerificationRecord } from '../../db/stores/verification-store.js';
import type { RouteTransition } from '../../db/stores/transition-store.js';
import type { VerificationView } from '../schemas/verification-schemas.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The public shape of a verification: status, attempts with outcomes, transitions. Never a code or a number. */
export function toVerificationView(
  record: VerificationRecord,
  attempts: readonly AttemptRecord[],
  transitions: readonly RouteTransition[],
): VerificationView {
  const s = record.state;
  return {
    id: s.id,
    status: s.status,
    country: record.country,
    operator: record.operator,
    routeClass: record.routeClass,
    action: record.action,
    createdAt: iso(s.createdAt),
    expiresAt: iso(s.expiresAt),
    ...(s.finishReason ? { finishReason: s.finishReason } : {}),
    attempts: attempts.map((a) => ({
      id: a.id,
      provider: a.provider,
      status: a.status,
      sentAt: iso(a.startedAt),
      ...(a.acceptedAt !== null ? { acceptedAt: iso(a.acceptedAt) } : {}),
      ...(a.receiptAt !== null ? { receiptAt: iso(a.receiptAt) } : {}),
      ...(a.errorClass !== null ? { errorClass: a.errorClass } : {}),
      completed: a.completed,
      cost: a.cost,
    })),
    transitions: transitions.map((t) => ({
      fromAttemptId: t.fromAttemptId,
      fromProvider: t.fromProvider,
      toAttemptId: t.toAttemptId,
      toProvider: t.toProvider,
      reason: t.reason,
      at: iso(t.at),
    })),
  };
}
