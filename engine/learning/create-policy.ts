import type { RoutingTable } from '../routing-table.js';
import type { EngineDeps } from '../types.js';
import { createDiscountedTsPolicy, discountedTsConfig, type DiscountedTsConfig } from './discounted-ts.js';
import { createEpsilonGreedyPolicy, epsilonGreedyConfig, type EpsilonGreedyConfig } from './epsilon-greedy.js';
import { createLinearTsPolicy, linearTsConfig, type LinearTsConfig } from './linear-ts.js';
import { createLinUcbPolicy, linUcbConfig, type LinUcbConfig } from './linucb.js';
import { POLICY_KINDS, type Policy, type PolicyKind } from './policy.js';
import { createRoundRobinPolicy, roundRobinConfig, type RoundRobinConfig } from './round-robin.js';
import { createStaticChainPolicy, staticChainConfig, type StaticChainConfig } from './static-chain.js';
import { createSwSuccessRatePolicy, swSuccessRateConfig, type SwSuccessRateConfig } from './sw-success-rate.js';
import { createUcb1Policy, ucb1Config, type Ucb1Config } from './ucb1.js';

/** Every policy as a validated config value, discriminated by `kind` (STYLE.md 3). */
export type PolicyConfig =
  | DiscountedTsConfig
  | LinearTsConfig
  | LinUcbConfig
  | StaticChainConfig
  | RoundRobinConfig
  | EpsilonGreedyConfig
  | Ucb1Config
  | SwSuccessRateConfig;

/** The default policy of routewise (ADR 0003). */
export const DEFAULT_POLICY_KIND: PolicyKind = 'discounted-ts';

/**
 * Validates a policy config of any kind: fills defaults (which live in each policy's module,
 * nowhere else) and freezes.
 * @throws TypeError for an unknown kind; RangeError/TypeError naming a bad parameter
 */
export function policyConfig(input: { readonly kind: PolicyKind } & Record<string, unknown>): PolicyConfig {
  const { kind, ...rest } = input;
  switch (kind) {
    case 'discounted-ts':
      return discountedTsConfig(rest as Partial<DiscountedTsConfig>);
    case 'linear-ts':
      return linearTsConfig(rest as Partial<LinearTsConfig>);
    case 'linucb':
      return linUcbConfig(rest as Partial<LinUcbConfig>);
    case 'static-chain':
      return staticChainConfig(rest as Partial<StaticChainConfig>);
    case 'round-robin':
      return roundRobinConfig(rest as Partial<RoundRobinConfig>);
    case 'epsilon-greedy':
      return epsilonGreedyConfig(rest as Partial<EpsilonGreedyConfig>);
    case 'ucb1':
      return ucb1Config(rest as Partial<Ucb1Config>);
    case 'sw-success-rate':
      return swSuccessRateConfig(rest as Partial<SwSuccessRateConfig>);
    default: {
      const never: never = kind;
      throw new TypeError(`kind must be one of ${POLICY_KINDS.join(', ')}, got ${JSON.stringify(never)}`);
    }
  }
}

/** Default config of a kind. `static-chain` follows the routing table's ranking when one is given. */
export function defaultPolicyConfig(kind: PolicyKind, table?: RoutingTable): PolicyConfig {
  if (kind === 'static-chain' && table) return staticChainConfig({ chains: chainsFromRoutingTable(table) });
  return policyConfig({ kind });
}

/** The ranked provider list of each country in a routing table, as static chains. */
export function chainsFromRoutingTable(table: RoutingTable): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(table.countries).map(([country, routes]) => [country, routes.map((r) => r.provider)]));
}

/** Builds a policy from its config: one exhaustive switch, a `never` check for new kinds. */
export function createPolicy(config: PolicyConfig, deps: EngineDeps): Policy {
  switch (config.kind) {
    case 'discounted-ts':
      return createDiscountedTsPolicy(config, deps);
    case 'linear-ts':
      return createLinearTsPolicy(config, deps);
    case 'linucb':
      return createLinUcbPolicy(config, deps);
    case 'static-chain':
      return createStaticChainPolicy(config, deps);
    case 'round-robin':
      return createRoundRobinPolicy(config, deps);
    case 'epsilon-greedy':
      return createEpsilonGreedyPolicy(config, deps);
    case 'ucb1':
      return createUcb1Policy(config, deps);
    case 'sw-success-rate':
      return createSwSuccessRatePolicy(config, deps);
    default: {
      const never: never = config;
      throw new TypeError(`unknown policy kind ${JSON.stringify((never as { kind: unknown }).kind)}`);
    }
  }
}
