import type { Observation } from '../routing-engine-types.js';
import type { ProviderId } from '../types.js';
import type { AttemptState, VerificationState } from './verification-state.js';

export interface AttemptObservation {
  readonly attemptId: string;
  readonly provider: ProviderId;
  readonly observation: Observation;
}

/**
 * Health observations implied by one reducer step, derived from the change of each
 * attempt's state (new attempt -> `sent`, status moves -> accepted / rejected / delivered /
 * undelivered / timeout, completion -> `completed`). Because the reducer only moves
 * statuses forward and ignores duplicates, a duplicated or replayed event yields no
 * observation: health is never double-counted. Both drivers call this after `reduce`.
 */
export function attemptObservations(before: VerificationState, after: VerificationState, at: number): AttemptObservation[] {
  const out: AttemptObservation[] = [];
  for (const next of after.attempts) {
    const prev = before.attempts.find((a) => a.id === next.id);
    const push = (observation: Observation) => out.push({ attemptId: next.id, provider: next.provider, observation });
    if (!prev) push({ type: 'sent' });
    if (next.status !== (prev?.status ?? 'sending')) {
      const o = statusObservation(next, at);
      if (o) push(o);
    }
    if (next.completed && !prev?.completed) push({ type: 'completed', latencyMs: Math.max(0, at - next.startedAt) });
  }
  return out;
}

function statusObservation(a: AttemptState, at: number): Observation | undefined {
  switch (a.status) {
    case 'accepted':
      return { type: 'accepted', cost: a.cost };
    case 'rejected':
      return { type: 'rejected', errorClass: a.errorClass ?? 'provider_error' };
    case 'delivered':
      return { type: 'delivered', latencyMs: Math.max(0, (a.receiptAt ?? at) - a.startedAt) };
    case 'undelivered':
      return { type: 'undelivered', errorClass: a.errorClass ?? 'undelivered' };
    case 'timed_out':
      return { type: 'timeout' };
    case 'sending':
      return undefined;
    default: {
      const never: never = a.status;
      throw new TypeError(`unknown attempt status ${String(never)}`);
    }
  }
}
