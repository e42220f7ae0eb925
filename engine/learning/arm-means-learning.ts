import { segmentKey } from '../context/segment.js';
import type { ProviderId, RequestContext, Snapshot } from '../types.js';
import type { ArmMeans } from './arm-means.js';
import { requireReward } from './policy-config-checks.js';
import { snapshotState } from './policy-snapshot-checks.js';
import type { Feedback, Policy, PolicyKind } from './policy.js';
import { wilsonEstimate } from './wilson-estimate.js';

/**
 * The learning half shared by the policies whose state is running means per (segment,
 * provider) (epsilon-greedy, UCB1): update, Wilson-interval estimates, snapshot and restore.
 * They differ only in how they select.
 */
export function armMeansLearning(
  kind: PolicyKind,
  version: string,
  arms: ArmMeans,
): Pick<Policy, 'update' | 'estimates' | 'drainChanges' | 'snapshot' | 'restore'> {
  return {
    update(feedback: Feedback) {
      arms.add(segmentKey(feedback.ctx), feedback.provider, requireReward(feedback.reward));
    },
    estimates(ctx: RequestContext, providers: readonly ProviderId[]) {
      const segment = segmentKey(ctx);
      return providers.map((p) => {
        const s = arms.stats(segment, p);
        return wilsonEstimate(p, s.n > 0 ? s.sum / s.n : 0.5, s.n);
      });
    },
    drainChanges: () => [],
    snapshot: () => ({ kind, version, state: { arms: arms.toJSON() } }),
    restore(snapshot: Snapshot<PolicyKind>) {
      arms.restore(snapshotState(snapshot, kind).arms, 'state.arms');
    },
  };
}
