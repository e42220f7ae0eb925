import { segmentKey } from '../../engine/context/segment.js';
import { assertEligible, makeSelection } from '../../engine/learning/make-selection.js';
import type { Policy, PolicyKind } from '../../engine/learning/policy.js';
import { routesFor, type RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId } from '../../engine/types.js';
import type { SimRequest } from '../sim/generate-traffic.js';
import type { TruthModel } from './truth-model.js';

/** Kind label of the best-fixed-in-hindsight oracle in results and traces. */
export const BEST_FIXED = 'best-fixed';

/**
 * First pass of the best fixed provider per segment in hindsight: for every request of the
 * run, the true expected reward of a first attempt through each provider the routing table
 * offers the segment at the request's time (no queue backlog: `truth` should wrap a network
 * nothing was sent through), averaged per segment. Returns per segment the providers ranked
 * by that average, best first, ties by provider id.
 */
export function rankFixedProviders(
  requests: readonly SimRequest[],
  table: RoutingTable,
  truth: TruthModel,
): Map<string, ProviderId[]> {
  const sums = new Map<string, Map<ProviderId, number>>();
  for (const r of requests) {
    const key = segmentKey(r);
    let perProvider = sums.get(key);
    if (!perProvider) sums.set(key, (perProvider = new Map()));
    for (const route of routesFor(table, r.country, r.routeClass)) {
      const er = truth.expectedReward(route.provider, r.country, r.operator, r.routeClass, r.at, 0);
      perProvider.set(route.provider, (perProvider.get(route.provider) ?? 0) + er);
    }
  }
  const ranking = new Map<string, ProviderId[]>();
  for (const [key, perProvider] of sums) {
    ranking.set(
      key,
      [...perProvider.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([p]) => p),
    );
  }
  return ranking;
}

/**
 * Second pass: a {@link Policy} that always sends a segment's traffic to its best fixed
 * provider, or when the guards removed it (or it was already tried) to the next one in the
 * segment's ranking; lexicographic order for anything unranked. Deterministic, learns nothing.
 */
export function createBestFixedPolicy(ranking: ReadonlyMap<string, readonly ProviderId[]>): Policy {
  const kind = BEST_FIXED as PolicyKind;
  const version = `${BEST_FIXED}-v1`;
  return {
    kind,
    version,
    select(ctx, eligible) {
      assertEligible(eligible);
      const ranked = ranking.get(segmentKey(ctx)) ?? [];
      let index = -1;
      for (const p of ranked) {
        index = eligible.indexOf(p);
        if (index >= 0) break;
      }
      if (index < 0) {
        index = 0;
        for (let i = 1; i < eligible.length; i++) if ((eligible[i] as string) < (eligible[index] as string)) index = i;
      }
      const probabilities = new Float64Array(eligible.length);
      probabilities[index] = 1;
      const scores = eligible.map((p) => -(ranked.indexOf(p) >= 0 ? ranked.indexOf(p) : ranked.length));
      return makeSelection(kind, version, eligible, probabilities, scores, 0);
    },
    update() {},
    estimates: (_ctx, providers) => providers.map((provider) => ({ provider, mean: 0, lower: 0, upper: 1, n: 0 })),
    drainChanges: () => [],
    snapshot: () => ({ kind, version, state: {} }),
    restore() {},
  };
}
