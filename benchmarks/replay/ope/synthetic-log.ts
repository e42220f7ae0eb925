import { segmentKey } from '../../../engine/context/segment.js';
import type { DecisionRecord } from '../../../engine/decision-record.js';
import type { RewardWeights } from '../../../engine/reward/reward-weights.js';
import { mulberry32, sampleIndex } from '../../../engine/rng.js';
import { ACTIONS, type ProviderId } from '../../../engine/types.js';

/** Two segments with equal traffic, used by the known-answer tests. */
export const SYNTHETIC_SEGMENTS = [
  { country: 'DE', operator: '262-01', routeClass: 'standard' as const },
  { country: 'BR', operator: '724-05', routeClass: 'standard' as const },
];
const WINDOW_MS = 300_000;

/**
 * Weights under which a completed, free attempt with latency L scores exactly 1 - L / (2W):
 * lets a test set a deterministic reward mean in [0.5, 1] through the latency alone.
 */
export const LATENCY_ONLY_WEIGHTS: RewardWeights = {
  completion: 1,
  latency: 1,
  cost: 0,
  referencePrice: 1,
  referencePrices: {},
};

export interface SyntheticLogOptions {
  readonly seed: number;
  readonly n: number;
  /** Expected reward per segment key and provider. */
  readonly means: Readonly<Record<string, Readonly<Record<ProviderId, number>>>>;
  /** The logging policy that really draws the actions (same for every context). */
  readonly logging: Readonly<Record<ProviderId, number>>;
  /** What the log claims the logging policy was (defaults to `logging`); tests misreport it. */
  readonly reported?: Readonly<Record<ProviderId, number>>;
  /**
   * `bernoulli`: completed with probability mean, zero latency and cost (reward 0 or 1 under
   * any weights). `deterministic`: always completed with latency 2W(1 - mean), so the reward
   * under {@link LATENCY_ONLY_WEIGHTS} is exactly the mean (means must be in [0.5, 1]).
   */
  readonly rewards: 'bernoulli' | 'deterministic';
}

/** A log from a known logging policy and known reward means, for tests with analytic answers. */
export function syntheticLog(o: SyntheticLogOptions): DecisionRecord[] {
  const random = mulberry32(o.seed);
  const providers = Object.keys(o.logging).sort();
  const logging = providers.map((p) => o.logging[p] ?? 0);
  const reported = o.reported ?? o.logging;
  const out: DecisionRecord[] = [];
  for (let i = 0; i < o.n; i++) {
    const seg = SYNTHETIC_SEGMENTS[random() < 0.5 ? 0 : 1] ?? SYNTHETIC_SEGMENTS[0]!;
    const context = {
      ...seg,
      action: ACTIONS[Math.floor(random() * ACTIONS.length)] ?? 'login',
      tenant: 't',
      fraudScore: Math.round(random() * 100) / 100,
      windowMs: WINDOW_MS,
    };
    const segment = segmentKey(context);
    const provider = providers[sampleIndex(logging, random())] as ProviderId;
    const mean = o.means[segment]?.[provider] ?? 0;
    const outcome =
      o.rewards === 'bernoulli'
        ? { accepted: true, delivered: true, completed: random() < mean, latencyMs: 0, cost: 0 }
        : { accepted: true, delivered: true, completed: true, latencyMs: 2 * WINDOW_MS * (1 - mean), cost: 0 };
    out.push({
      attemptId: `s${i}`,
      verificationId: `v${i}`,
      attemptNumber: 1,
      at: Date.UTC(2025, 0, 1) + i * 30_000 + Math.floor(random() * 30_000),
      context,
      segment,
      provider,
      propensity: reported[provider] ?? 0,
      probabilities: reported,
      policy: 'synthetic',
      policyVersion: '1',
      rewardVersion: 'test',
      outcome,
      reward: null,
    });
  }
  return out;
}
