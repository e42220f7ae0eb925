import type { RewardWeights } from '../../engine/reward/reward-weights.js';
import type { ProviderId, RouteClass } from '../../engine/types.js';
import type { SegmentTruth } from '../../providers/simulated/segment-truth.js';
import type { SimNetwork } from '../sim/price-changes.js';
import type { UserModel } from '../sim/user-model.js';

/** Standard-normal quantiles at the midpoints of 8 equiprobable bins, Phi^-1((k + 0.5) / 8). */
const NODES = [-1.5341, -0.8871, -0.4888, -0.1573, 0.1573, 0.4888, 0.8871, 1.5341] as const;
/** Truth is piecewise constant between grid points (local hours) and boundaries (incidents, price changes). */
const GRID_MS = 15 * 60_000;

export interface TruthModelOptions {
  readonly network: SimNetwork;
  readonly weights: RewardWeights;
  readonly windowMs: number;
  readonly users: UserModel;
  /** Epoch ms at which truth may change besides the 15-minute grid (incident edges, price changes). */
  readonly boundaries: readonly number[];
}

/** True expected reward of an attempt, from the network's ground truth. */
export interface TruthModel {
  /**
   * Expected reward in [0, 1] of sending now (`at`) through `provider` to the segment,
   * `elapsedMs` after the verification was requested (later attempts leave the user less time).
   */
  expectedReward(provider: ProviderId, country: string, operator: string, routeClass: RouteClass, at: number, elapsedMs: number): number;
}

/**
 * Expected reward from ground truth, with the reward formula of engine/reward and the
 * user model:
 *
 *   E[r] = a * d * mean_k[ P_user(e + D_k) * (w_c + w_l * (1 - min(1, (D_k + T) / W)) + w_k * (1 - min(1, c / P))) ] / (w_c + w_l + w_k)
 *
 * a acceptance, d delivery (0 when silent), D_k = queue wait + lognormal latency at the 8
 * equiprobable quantile nodes, e time since the request, T the mean typing time, W the
 * window, c the price, P the reference price. Approximations: the soft-failure timeout is
 * ignored (a late SMS that completes is credited), the typing time enters the latency term
 * at its mean, the queue wait is the provider's current backlog (a message is dropped, so
 * worth 0, when the backlog exceeds maxQueueMs), and operator `"unknown"` gets the
 * country-level quality the network assigns it. Values with no backlog and e = 0 are cached
 * per provider and segment until the next grid point or boundary.
 */
export function createTruthModel(options: TruthModelOptions): TruthModel {
  const { network, weights, windowMs, users } = options;
  const boundaries = [...new Set(options.boundaries)].sort((a, b) => a - b);
  const maxQueue = new Map(network.world.providers.map((p) => [p.id, p.maxQueueMs]));
  const total = weights.completion + weights.latency + weights.cost;
  const cache = new Map<string, { from: number; to: number; value: number }>();

  const compute = (t: SegmentTruth, country: string, waitMs: number, elapsedMs: number): number => {
    if (!t.covered || t.silent) return 0;
    const base = t.acceptance * t.delivery;
    if (base === 0) return 0;
    const price = weights.referencePrices[country] ?? weights.referencePrice;
    const fixed = weights.completion + weights.cost * (1 - Math.min(1, t.price / price));
    let acc = 0;
    for (const z of NODES) {
      const d = waitMs + t.latencyMedianMs * Math.exp(t.latencySigma * z);
      const delay = elapsedMs + d;
      if (delay >= windowMs) continue;
      const p = users.completionProbability(delay, windowMs);
      acc += p * (fixed + weights.latency * (1 - Math.min(1, (d + users.meanTypingMs) / windowMs)));
    }
    return (base * acc) / NODES.length / total;
  };

  const piece = (at: number): { from: number; to: number } => {
    let from = Math.floor(at / GRID_MS) * GRID_MS;
    let to = from + GRID_MS;
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((boundaries[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) from = Math.max(from, boundaries[lo - 1] as number);
    if (lo < boundaries.length) to = Math.min(to, boundaries[lo] as number);
    return { from, to };
  };

  return {
    expectedReward(provider, country, operator, routeClass, at, elapsedMs) {
      const wait = network.backlogMs(provider, at);
      if (wait > (maxQueue.get(provider) ?? Infinity)) return 0;
      if (wait > 0 || elapsedMs > 0) {
        return compute(network.truth(provider, country, operator, routeClass, at), country, wait, Math.max(0, elapsedMs));
      }
      const key = `${provider}|${country}|${operator}|${routeClass}`;
      const hit = cache.get(key);
      if (hit && at >= hit.from && at < hit.to) return hit.value;
      const value = compute(network.truth(provider, country, operator, routeClass, at), country, 0, 0);
      cache.set(key, { ...piece(at), value });
      return value;
    },
  };
}
