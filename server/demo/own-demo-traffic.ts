import type { Stores } from '../../db/stores/stores.js';
import type { SimulatedNetwork } from '../../providers/simulated/simulated-network.js';
import type { Logger } from '../logger.js';
import { issueInternalKey } from '../seed-access.js';
import { createHttpDemoClient } from './demo-client.js';
import { createDemoTrafficConfig, type DemoTrafficConfig } from './demo-config.js';
import { startDemoTraffic, type DemoTraffic } from './demo-traffic.js';

export interface OwnDemoTrafficOptions {
  readonly stores: Stores;
  /** The server's own base URL (loopback). */
  readonly url: string;
  readonly network: SimulatedNetwork;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly config?: Partial<DemoTrafficConfig>;
}

/**
 * Demo traffic of `npm start` against the server's own HTTP API, under a tenant key issued
 * for this process only and revoked when the traffic stops (so a restart never leaves a
 * live key behind, beyond the auth cache's TTL).
 * @throws RangeError for an invalid config
 */
export function startOwnDemoTraffic(options: OwnDemoTrafficOptions): DemoTraffic {
  const config = createDemoTrafficConfig(options.config);
  const key = issueInternalKey(options.stores, options.clock());
  const traffic = startDemoTraffic({
    client: createHttpDemoClient(options.url, key.key, config.requestTimeoutMs),
    world: options.network.world,
    network: options.network,
    config,
    logger: options.logger,
    now: options.clock,
  });
  let stopped: Promise<void> | undefined;
  return {
    stats: traffic.stats,
    stop: () => (stopped ??= traffic.stop().finally(() => key.revoke(options.clock()))),
  };
}
