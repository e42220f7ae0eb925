import type { ConfigKind } from '../../db/stores/config-store.js';
import type { Stores } from '../../db/stores/stores.js';
import { validateRewardConfig, type RewardConfig } from '../../engine/reward/reward-weights.js';
import { validateRoutingTable, type RoutingTable } from '../../engine/routing-table.js';

const PREFIX: Record<'reward' | 'routing', string> = { reward: 'reward', routing: 'routing' };

/**
 * Stores a new version of a config and makes it active, in one transaction. The config's own
 * `version` field is the stored version (`reward-3`), so every decision logs exactly which
 * version it ran under. Every change is kept with who made it and when (the audit trail).
 * @throws RangeError | TypeError from validation, before anything is written
 */
export function saveConfigVersion<T extends RewardConfig | RoutingTable>(
  stores: Stores,
  kind: 'reward' | 'routing',
  body: Omit<T, 'version'>,
  createdBy: string,
  now: number,
): T {
  return stores.transaction(() => {
    const next = stores.config.list(kind as ConfigKind).length + 1;
    const versioned = { ...body, version: `${PREFIX[kind]}-${next}` } as unknown as T;
    const valid = (kind === 'reward' ? validateRewardConfig(versioned as RewardConfig) : validateRoutingTable(versioned as RoutingTable)) as T;
    stores.config.insertAndActivate(kind as ConfigKind, valid, createdBy, now);
    return valid;
  });
}

/** The active config of a kind, or `fallback` stored as version 1 on first start. */
export function activeConfig<T extends RewardConfig | RoutingTable>(
  stores: Stores,
  kind: 'reward' | 'routing',
  fallback: () => Omit<T, 'version'>,
  now: number,
): T {
  const active = stores.config.active(kind as ConfigKind);
  if (active) {
    const body = active.body as T;
    return (kind === 'reward' ? validateRewardConfig(body as RewardConfig) : validateRoutingTable(body as RoutingTable)) as T;
  }
  return saveConfigVersion<T>(stores, kind, fallback(), 'system', now);
}
