import type { ProviderId, RouteClass } from '../../engine/types.js';
import type { SimulatedNetwork } from '../../providers/simulated/simulated-network.js';

/** The part of the simulated network the driver and the oracles use. */
export type SimNetwork = Pick<SimulatedNetwork, 'world' | 'send' | 'truth' | 'backlogMs'>;

/** A provider's price in one country multiplied by `priceFactor` from `at` (epoch ms) on. */
export interface PriceChange {
  readonly provider: ProviderId;
  readonly country: string;
  readonly at: number;
  readonly priceFactor: number;
}

/**
 * Applies scheduled price changes on top of the network: the cost of accepted sends and the
 * `price` of the truth are multiplied by the product of the changes in force. A thin adapter,
 * because providers/' world has no time-varying prices (an `Effect.priceFactor` there would
 * make it unnecessary). Returns `network` itself when there are no changes.
 */
export function withPriceChanges(network: SimNetwork, changes: readonly PriceChange[]): SimNetwork {
  if (changes.length === 0) return network;
  const factor = (provider: ProviderId, country: string, at: number): number => {
    let f = 1;
    for (const c of changes) if (c.provider === provider && c.country === country && at >= c.at) f *= c.priceFactor;
    return f;
  };
  return {
    world: network.world,
    backlogMs: (provider, at) => network.backlogMs(provider, at),
    truth(provider: ProviderId, country: string, operator: string, routeClass: RouteClass, at: number) {
      const t = network.truth(provider, country, operator, routeClass, at);
      return t.covered ? { ...t, price: t.price * factor(provider, country, at) } : t;
    },
    send(req, at) {
      const out = network.send(req, at);
      if (out.result.status !== 'accepted') return out;
      return { ...out, result: { ...out.result, cost: out.result.cost * factor(req.provider, req.country, at) } };
    },
  };
}
