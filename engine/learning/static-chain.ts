import type { EngineDeps, ProviderId, RequestContext, Snapshot } from '../types.js';
import { sortedLexicographic } from './lexicographic.js';
import { assertEligible, makeSelection } from './make-selection.js';
import { mergeConfig, requireVersion } from './policy-config-checks.js';
import { snapshotState } from './policy-snapshot-checks.js';
import type { Policy, PolicyKind } from './policy.js';
import { uninformedEstimate } from './wilson-estimate.js';

/** Key of the default chain, used for countries without their own. */
export const DEFAULT_CHAIN_KEY = '*';

/**
 * A fixed routing table: per country (ISO alpha-2) or `'*'`, providers in order of preference.
 */
export interface StaticChainConfig {
  readonly kind: 'static-chain';
  readonly version: string;
  readonly chains: Readonly<Record<string, readonly ProviderId[]>>;
}

/** No chains: every request goes to the lexicographically first eligible provider. */
export const DEFAULT_STATIC_CHAIN_CONFIG: StaticChainConfig = Object.freeze({
  kind: 'static-chain',
  version: 'static-chain-v1',
  chains: Object.freeze({}),
});

const CHAIN_KEY = /^([A-Z]{2}|\*)$/;

/**
 * Builds a validated, deeply frozen static-chain config.
 * @throws TypeError on an unknown key, a chain key that is not an ISO alpha-2 code or `'*'`,
 *   or a chain that is not a duplicate-free array of non-empty provider ids
 */
export function staticChainConfig(partial?: Partial<StaticChainConfig>): StaticChainConfig {
  const merged = mergeConfig(DEFAULT_STATIC_CHAIN_CONFIG, partial);
  if (typeof merged.chains !== 'object' || merged.chains === null || Array.isArray(merged.chains)) {
    throw new TypeError('chains must be an object mapping a country code or "*" to an array of provider ids');
  }
  const chains: Record<string, readonly ProviderId[]> = {};
  for (const [key, chain] of Object.entries(merged.chains)) {
    if (!CHAIN_KEY.test(key)) throw new TypeError(`chains key must be an ISO 3166-1 alpha-2 code or "*", got "${key}"`);
    if (!Array.isArray(chain) || !chain.every((p) => typeof p === 'string' && p.length > 0)) {
      throw new TypeError(`chains.${key} must be an array of non-empty provider ids`);
    }
    if (new Set(chain).size !== chain.length) throw new TypeError(`chains.${key} must not contain duplicates`);
    chains[key] = Object.freeze([...chain]);
  }
  return Object.freeze({
    kind: 'static-chain',
    version: requireVersion(merged.version),
    chains: Object.freeze(chains),
  });
}

/**
 * Preference order over `eligible`: the country's chain, then the `'*'` chain, then the
 * remaining eligible providers lexicographically. The input is not mutated.
 */
export function staticChainOrder(
  config: StaticChainConfig,
  country: string,
  eligible: readonly ProviderId[],
): ProviderId[] {
  const allowed = new Set(eligible);
  const order: ProviderId[] = [];
  const take = (p: ProviderId): void => {
    if (allowed.delete(p)) order.push(p);
  };
  config.chains[country]?.forEach(take);
  config.chains[DEFAULT_CHAIN_KEY]?.forEach(take);
  sortedLexicographic([...allowed]).forEach(take);
  return order;
}

/**
 * The baseline as most teams deploy it today: always the first eligible provider of the
 * country's chain. Deterministic (probability 1 on the choice, 0 elsewhere) and without an
 * exploration floor, because a floor would make it a different policy from the one it stands
 * for. Consequently its logs cannot be re-weighted for off-policy evaluation of other policies.
 * `update` is a no-op. Scores are `-rank` in the preference order (0 for the choice).
 */
export function createStaticChainPolicy(config: StaticChainConfig, _deps: EngineDeps): Policy {
  const cfg = staticChainConfig(config);
  return {
    kind: 'static-chain',
    version: cfg.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const order = staticChainOrder(cfg, ctx.country, eligible);
      const probabilities = new Float64Array(eligible.length);
      // 0 - rank rather than -rank: a -0 score would differ from 0 in logs and comparisons.
      const scores = eligible.map((p) => 0 - order.indexOf(p));
      probabilities[eligible.indexOf(order[0] as ProviderId)] = 1;
      return makeSelection('static-chain', cfg.version, eligible, probabilities, scores, 0);
    },
    update() {},
    estimates(_ctx: RequestContext, providers: readonly ProviderId[]) {
      return providers.map(uninformedEstimate);
    },
    drainChanges: () => [],
    snapshot: () => ({ kind: 'static-chain', version: cfg.version, state: {} }),
    restore(snapshot: Snapshot<PolicyKind>) {
      snapshotState(snapshot, 'static-chain');
    },
  };
}
