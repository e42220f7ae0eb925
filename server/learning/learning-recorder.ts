import type { CoefficientPoint, RoutingHistoryPoint } from '../../db/stores/snapshot-store.js';
import type { Stores } from '../../db/stores/stores.js';
import { ANY, parseSegmentKey } from '../../engine/context/segment.js';
import type { HealthRegistry } from '../../engine/health/health-registry.js';
import type { Policy } from '../../engine/learning/policy.js';
import type { ContextualPolicy } from '../../engine/learning/ridge-policy.js';
import type { RoutingEngineSnapshot } from '../../engine/routing-engine-types.js';
import { routesFor, type RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId, RequestContext, RouteClass } from '../../engine/types.js';
import type { EventBus } from '../events/event-bus.js';

/** Weight of the newest attempt in the moving mean of cost per attempt. */
const COST_SMOOTHING = 0.1;

/** Learned-state snapshots kept for restore (older ones are pruned). */
export const SNAPSHOTS_KEPT = 20;

export interface SegmentView {
  readonly segment: string;
  readonly country: string;
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly providers: readonly {
    readonly provider: ProviderId;
    readonly probability: number | null;
    readonly estimate: { readonly mean: number; readonly lower: number; readonly upper: number; readonly n: number };
    /** Moving mean cost per settled attempt, USD; null before the first. */
    readonly cost: number | null;
    readonly health: unknown;
    readonly breaker: unknown;
  }[];
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** A neutral context for reading a segment's estimates (estimates never draw or change state). */
export function segmentContext(segment: string, at: number): RequestContext {
  const p = parseSegmentKey(segment);
  return {
    country: p.country,
    operator: p.operator,
    routeClass: p.routeClass === ANY ? 'standard' : p.routeClass,
    action: 'login',
    tenant: 'routing-view',
    fraudScore: 0,
    windowMs: 300_000,
    at,
  };
}

/** Whether the policy exposes per-feature coefficients (linear-ts, linucb). */
export function isContextualPolicy(policy: Policy): policy is ContextualPolicy {
  return 'coefficients' in policy && typeof policy.coefficients === 'function';
}

/**
 * Persists learned state (policy, health, and the engine's completion model and shift
 * detector) and takes the weight-history snapshots the dashboard plots. Selection probabilities are the ones last logged per segment (reading
 * them afresh would draw from the policy's RNG and, for round-robin, move it).
 */
export class LearningRecorder {
  readonly #lastProbabilities = new Map<string, { at: number; probabilities: Readonly<Record<ProviderId, number>> }>();
  /** Exponentially weighted mean cost per attempt, per (segment, provider). */
  readonly #cost = new Map<string, number>();
  #unsubscribe?: () => void;

  constructor(
    private readonly deps: {
      stores: Stores;
      policy: Policy;
      health: HealthRegistry;
      /** The routing engine's own learned state (completion model, shift detector), saved with the policy's. */
      engineState?: () => RoutingEngineSnapshot;
      events: EventBus;
      clock: () => number;
      routingTable: () => RoutingTable;
    },
  ) {}

  /**
   * Follows the event bus: the probability vector of each segment's last first-attempt decision
   * (failovers exclude tried providers, so their vectors do not describe the segment), and the
   * cost of settled attempts.
   */
  start(): void {
    this.#unsubscribe = this.deps.events.subscribe((e) => {
      if (e.type === 'decision' && e.data.attemptNumber === 1) {
        const segment = e.data.segment as string;
        this.#lastProbabilities.set(segment, { at: e.at, probabilities: e.data.probabilities as Record<ProviderId, number> });
      } else if (e.type === 'outcome' && typeof e.data.cost === 'number') {
        const key = `${e.data.segment as string}\u001f${e.data.provider as string}`;
        const previous = this.#cost.get(key);
        this.#cost.set(key, previous === undefined ? e.data.cost : previous + COST_SMOOTHING * (e.data.cost - previous));
      }
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  /** Saves policy, health and engine state (called periodically and on shutdown). */
  persist(): void {
    const { stores, policy, health, clock, engineState } = this.deps;
    const snap = policy.snapshot();
    const engine = engineState?.();
    stores.transaction(() => {
      stores.snapshots.saveSnapshot({
        at: clock(),
        policyKind: snap.kind,
        policyVersion: snap.version,
        state: snap.state,
        health: health.snapshot(),
        ...(engine ? { engine } : {}),
      });
      stores.snapshots.pruneSnapshots(SNAPSHOTS_KEPT);
    });
  }

  /** Current view of every concrete segment (no backoff levels). */
  segments(): SegmentView[] {
    const { policy, health, clock } = this.deps;
    const at = clock();
    const bySegment = new Map<string, ProviderId[]>();
    // A segment is listed once it has health data or a logged decision; its providers are the
    // routing table's routes for its country and class (the candidates before guards).
    const segments = new Set<string>(this.#lastProbabilities.keys());
    for (const { segment } of health.list()) if (!segment.includes(ANY)) segments.add(segment);
    for (const segment of segments) {
      const p = parseSegmentKey(segment);
      const routes = routesFor(this.deps.routingTable(), p.country, p.routeClass === ANY ? 'standard' : p.routeClass);
      if (routes.length > 0) bySegment.set(segment, routes.map((r) => r.provider));
    }
    return [...bySegment.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([segment, providers]) => {
        const parts = parseSegmentKey(segment);
        const estimates = policy.estimates(segmentContext(segment, at), providers);
        const last = this.#lastProbabilities.get(segment)?.probabilities;
        return {
          segment,
          country: parts.country,
          operator: parts.operator,
          routeClass: parts.routeClass === ANY ? 'standard' : parts.routeClass,
          providers: providers.map((provider, i) => {
            const e = estimates[i] ?? { mean: 0, lower: 0, upper: 1, n: 0 };
            const h = health.health(segment, provider, at);
            return {
              provider,
              probability: last ? (last[provider] ?? 0) : null,
              estimate: { mean: e.mean, lower: e.lower, upper: e.upper, n: e.n },
              cost: this.#cost.get(`${segment}\u001f${provider}`) ?? null,
              health: h ?? null,
              breaker: h?.breaker ?? { state: health.breakerState(segment, provider, at), ejections: 0, consecutiveFailures: 0 },
            };
          }),
        };
      });
  }

  /**
   * One weight-history snapshot of every segment (with each provider's coefficients when the
   * policy is contextual), plus breaker and change markers since the last call.
   */
  recordHistory(): number {
    const { stores, policy, health, events, clock } = this.deps;
    const at = clock();
    const points: RoutingHistoryPoint[] = [];
    const coefficients: CoefficientPoint[] = [];
    const contextual = isContextualPolicy(policy) ? policy : undefined;
    for (const s of this.segments()) {
      if (contextual) {
        const ctx = segmentContext(s.segment, at);
        for (const p of s.providers) {
          const values = Object.fromEntries(contextual.coefficients(ctx, p.provider).map((c) => [c.name, c.value]));
          coefficients.push({ at, segment: s.segment, provider: p.provider, values });
        }
      }
      for (const p of s.providers) {
        const h = p.health as {
          completionRate?: number;
          timeoutRate?: number;
          deliveryLatencyMs?: { p50?: number; p90?: number };
        } | null;
        points.push({
          at,
          segment: s.segment,
          provider: p.provider,
          probability: p.probability ?? 0,
          mean: p.estimate.mean,
          lower: p.estimate.lower,
          upper: p.estimate.upper,
          n: p.estimate.n,
          completionRate: h?.completionRate ?? null,
          latencyP50Ms: finiteOrNull(h?.deliveryLatencyMs?.p50),
          latencyP90Ms: finiteOrNull(h?.deliveryLatencyMs?.p90),
          timeoutRate: h?.timeoutRate ?? null,
          cost: p.cost,
          breaker: (p.breaker as { state: RoutingHistoryPoint['breaker'] }).state,
        });
      }
    }
    const breakerEvents = health.drainBreakerEvents();
    const changes = policy.drainChanges();
    stores.transaction(() => {
      stores.snapshots.insertHistory(points);
      if (coefficients.length > 0) stores.snapshots.insertCoefficients(coefficients);
      for (const b of breakerEvents) {
        stores.snapshots.insertEvent({ at: b.at, kind: 'breaker', segment: b.segment, provider: b.provider, detail: b });
      }
      for (const c of changes) {
        stores.snapshots.insertEvent({ at: c.at, kind: 'change', segment: c.segment, provider: c.provider, detail: c });
      }
    });
    for (const b of breakerEvents) events.publish({ type: 'breaker', at: b.at, data: { ...b } });
    for (const c of changes) events.publish({ type: 'change', at: c.at, data: { ...c } });
    return points.length;
  }
}
