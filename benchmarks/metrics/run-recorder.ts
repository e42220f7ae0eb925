import type { ProviderId } from '../../engine/types.js';
import { incidentMove, type MoveResult, type SegmentDecision } from './incident-move.js';
import { quantileSorted } from './quantile.js';

/** An incident as the recorder sees it: which segments it hits and when. */
export interface TrackedIncident {
  readonly id: string;
  readonly provider: ProviderId;
  readonly segments: readonly string[];
  readonly start: number;
  readonly end: number;
}

/** Per-seed values of one policy run; the numbers the report averages over seeds. */
export interface RunMetrics {
  /** Approved / legitimate verifications (SMS-pumping traffic excluded: it never completes). */
  readonly completionRate: number;
  /** Spend on legitimate traffic / approved verifications, USD (NaN without completions). */
  readonly costPerCompleted: number;
  /** Request to approval, seconds, over approved verifications. */
  readonly ttvP50Seconds: number;
  readonly ttvP95Seconds: number;
  /** Share of legitimate verifications that made more than one attempt. */
  readonly fallbackRate: number;
  readonly attemptsPerVerification: number;
  /** Sum over decisions of (oracle's expected reward - chosen provider's), reward units. */
  readonly regret: number;
  /** Spend on SMS-pumping traffic, USD. */
  readonly fraudSpend: number;
  /** Share of routing calls the engine refused (guards, no eligible provider). */
  readonly refusalRate: number;
  /** Routing calls (engine.decide), refusals included. */
  readonly decisions: number;
}

/** Wall-clock figures of a run; not deterministic, so kept apart from the metrics. */
export interface RunTiming {
  readonly wallMs: number;
  readonly decisionsPerSecond: number;
}

/** How one affected segment's traffic left the failed route (see `incidentMove`). */
export interface SegmentMove extends MoveResult {
  readonly segment: string;
}

export interface IncidentMetrics {
  readonly id: string;
  /**
   * The headline segment: the busiest affected segment (most first attempts during the
   * incident) among those where the failed provider carried traffic before; null when none did.
   */
  readonly segment: string | null;
  /** Its decisions until >= 90% of its traffic left the route; null = never during the incident, or no segment. */
  readonly decisions: number | null;
  readonly seconds: number | null;
  /** Every counted affected segment, busiest first. */
  readonly segments: readonly SegmentMove[];
}

/** Time series of one run, in buckets of `bucketMs` from the scenario start. */
export interface RunSeries {
  readonly bucketMs: number;
  readonly started: number[];
  readonly completed: number[];
  readonly regret: number[];
  readonly spend: number[];
  /** First-attempt decisions per tracked segment, provider and bucket. */
  readonly shares: Record<string, Record<ProviderId, number[]>>;
}

export interface RunResult {
  readonly metrics: RunMetrics;
  readonly incidents: readonly IncidentMetrics[];
  readonly series: RunSeries;
  readonly timing: RunTiming;
}

function add(values: Float64Array, index: number, amount: number): void {
  values[index] = (values[index] ?? 0) + amount;
}

/** Collects one policy run's raw events and turns them into {@link RunResult}. */
export class RunRecorder {
  readonly #startMs: number;
  readonly #bucketMs: number;
  readonly #incidents: readonly TrackedIncident[];
  readonly #tracked: Map<string, { at: number[]; provider: ProviderId[] }>;
  readonly #buckets: number;
  readonly #started: Float64Array;
  readonly #completed: Float64Array;
  readonly #regretSeries: Float64Array;
  readonly #spendSeries: Float64Array;
  readonly #shares: Record<string, Record<ProviderId, Float64Array>> = {};
  #legit = 0;
  #approved = 0;
  #attempts = 0;
  #fallbacks = 0;
  #spend = 0;
  #fraudSpend = 0;
  #regret = 0;
  #decisions = 0;
  #refusals = 0;
  readonly #ttv: number[] = [];

  constructor(options: { startMs: number; endMs: number; buckets: number; trackedSegments: readonly string[]; incidents: readonly TrackedIncident[] }) {
    this.#startMs = options.startMs;
    this.#bucketMs = Math.max(1, Math.ceil((options.endMs - options.startMs) / options.buckets));
    this.#incidents = options.incidents;
    this.#tracked = new Map(options.trackedSegments.map((s) => [s, { at: [], provider: [] }]));
    this.#buckets = options.buckets;
    this.#started = new Float64Array(options.buckets);
    this.#completed = new Float64Array(options.buckets);
    this.#regretSeries = new Float64Array(options.buckets);
    this.#spendSeries = new Float64Array(options.buckets);
  }

  #bucket(at: number): number {
    return Math.min(this.#buckets - 1, Math.max(0, Math.floor((at - this.#startMs) / this.#bucketMs)));
  }

  decision(segment: string, attemptNumber: number, at: number, provider: ProviderId, regret: number): void {
    this.#decisions++;
    this.#regret += regret;
    add(this.#regretSeries, this.#bucket(at), regret);
    if (attemptNumber !== 1) return;
    const tracked = this.#tracked.get(segment);
    if (!tracked) return;
    tracked.at.push(at);
    tracked.provider.push(provider);
    const perProvider = (this.#shares[segment] ??= {});
    const counts = (perProvider[provider] ??= new Float64Array(this.#buckets));
    add(counts, this.#bucket(at), 1);
  }

  refusal(): void {
    this.#decisions++;
    this.#refusals++;
  }

  spend(fraudulent: boolean, cost: number, at: number): void {
    if (fraudulent) this.#fraudSpend += cost;
    else {
      this.#spend += cost;
      add(this.#spendSeries, this.#bucket(at), cost);
    }
  }

  /** A verification ended; `requestedAt` is its start, `attempts` the sends it made. */
  finish(fraudulent: boolean, approved: boolean, requestedAt: number, at: number, attempts: number): void {
    if (fraudulent) return;
    const b = this.#bucket(requestedAt);
    this.#legit++;
    add(this.#started, b, 1);
    this.#attempts += attempts;
    if (attempts > 1) this.#fallbacks++;
    if (approved) {
      this.#approved++;
      add(this.#completed, b, 1);
      this.#ttv.push((at - requestedAt) / 1000);
    }
  }

  result(wallMs: number): RunResult {
    const ttv = Float64Array.from(this.#ttv).sort();
    const metrics: RunMetrics = {
      completionRate: this.#legit > 0 ? this.#approved / this.#legit : Number.NaN,
      costPerCompleted: this.#approved > 0 ? this.#spend / this.#approved : Number.NaN,
      ttvP50Seconds: quantileSorted(ttv, 0.5),
      ttvP95Seconds: quantileSorted(ttv, 0.95),
      fallbackRate: this.#legit > 0 ? this.#fallbacks / this.#legit : Number.NaN,
      attemptsPerVerification: this.#legit > 0 ? this.#attempts / this.#legit : Number.NaN,
      regret: this.#regret,
      fraudSpend: this.#fraudSpend,
      refusalRate: this.#decisions > 0 ? this.#refusals / this.#decisions : 0,
      decisions: this.#decisions,
    };
    const timing: RunTiming = { wallMs, decisionsPerSecond: wallMs > 0 ? (this.#decisions / wallMs) * 1000 : Number.NaN };
    const incidents = this.#incidents.map((inc) => this.#incidentMetrics(inc));
    const shares: Record<string, Record<ProviderId, number[]>> = {};
    for (const [segment, perProvider] of Object.entries(this.#shares)) {
      shares[segment] = Object.fromEntries(Object.entries(perProvider).map(([p, counts]) => [p, Array.from(counts)]));
    }
    const series: RunSeries = {
      bucketMs: this.#bucketMs,
      started: Array.from(this.#started),
      completed: Array.from(this.#completed),
      regret: Array.from(this.#regretSeries),
      spend: Array.from(this.#spendSeries),
      shares,
    };
    return { metrics, incidents, series, timing };
  }

  #incidentMetrics(inc: TrackedIncident): IncidentMetrics {
    const segments: SegmentMove[] = [];
    for (const segment of inc.segments) {
      const tracked = this.#tracked.get(segment);
      if (!tracked) continue;
      const decisions: SegmentDecision[] = tracked.at.map((at, i) => ({ at, toFailed: tracked.provider[i] === inc.provider }));
      const move = incidentMove(decisions, inc.start, inc.end);
      if (move !== null) segments.push({ segment, ...move });
    }
    segments.sort((a, b) => b.during - a.during || (a.segment < b.segment ? -1 : 1));
    const head = segments[0];
    return {
      id: inc.id,
      segment: head?.segment ?? null,
      decisions: head?.decisions ?? null,
      seconds: head?.seconds ?? null,
      segments,
    };
  }
}
