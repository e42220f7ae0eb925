import { createPolicy, defaultPolicyConfig } from '../../engine/learning/create-policy.js';
import { POLICY_KINDS, type PolicyKind } from '../../engine/learning/policy.js';
import { mulberry32 } from '../../engine/rng.js';
import { uniformPolicy, type LearningPolicy } from './replay-policy.js';

/** Policies the replay CLI can build: every engine kind with its default config, plus `uniform`. */
export const REPLAY_POLICY_NAMES = [...POLICY_KINDS, 'uniform'] as const;
export type ReplayPolicyName = (typeof REPLAY_POLICY_NAMES)[number];
/** Policies whose choices depend on what they learned (all but the fixed rules and uniform). */
export const LEARNING_POLICY_NAMES: readonly string[] = POLICY_KINDS.filter(
  (k) => k !== 'static-chain' && k !== 'round-robin',
);

/**
 * A fresh policy for replay, seeded, on replay time: its clock reads the time of the context
 * or feedback it was last given, so time-based discounting follows the trace, not the wall clock.
 * @throws TypeError naming the allowed policies when `name` is unknown
 */
export function createReplayPolicy(name: string, seed: number): LearningPolicy {
  if (name === 'uniform') return { ...uniformPolicy(mulberry32(seed)), update: () => undefined };
  if (!(POLICY_KINDS as readonly string[]).includes(name)) {
    throw new TypeError(`policy must be one of ${REPLAY_POLICY_NAMES.join(', ')}, got "${name}"`);
  }
  let now = 0;
  const inner = createPolicy(defaultPolicyConfig(name as PolicyKind), { now: () => now, random: mulberry32(seed) });
  return {
    select(ctx, eligible) {
      now = ctx.at;
      return inner.select(ctx, eligible);
    },
    update(feedback) {
      now = feedback.at;
      inner.update(feedback);
    },
  };
}
