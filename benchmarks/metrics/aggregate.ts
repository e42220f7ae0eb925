import type { ProviderId } from '../../engine/types.js';
import type { SeedRunResult } from '../sim/run-scenario.js';
import type { IncidentMetrics, RunMetrics, RunSeries, RunTiming } from './run-recorder.js';
import { tInterval, type Interval } from './t-interval.js';

/** The metrics reported for every policy, in table order. */
export const METRIC_KEYS = [
  'completionRate',
  'costPerCompleted',
  'ttvP50Seconds',
  'ttvP95Seconds',
  'fallbackRate',
  'attemptsPerVerification',
  'regret',
  'fraudSpend',
  'refusalRate',
  'decisions',
] as const satisfies readonly (keyof RunMetrics)[];
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface IncidentSummary {
  readonly id: string;
  /** The headline segment of each seed (usually the same one). */
  readonly segments: readonly string[];
  /** Over the seeds where the headline segment's traffic moved; `notMoved` counts the others. */
  readonly decisions: Interval;
  readonly seconds: Interval;
  readonly notMoved: number;
  /** Seeds where the failed provider carried none of the affected traffic (nothing to move). */
  readonly notApplicable: number;
}

/** Seed-averaged series: rates pooled over seeds, regret as the mean cumulative sum. */
export interface SummarySeries {
  readonly bucketHours: number;
  readonly completionRate: number[];
  readonly cumulativeRegret: number[];
  readonly costPerCompleted: number[];
  /** Per tracked segment and provider: share of first attempts per bucket (NaN without traffic). */
  readonly shares: Record<string, Record<ProviderId, number[]>>;
  /** First-attempt decisions per tracked segment, summed over seeds. */
  readonly segmentDecisions: Record<string, number>;
}

export interface PolicySummary {
  readonly policy: string;
  readonly metrics: Record<MetricKey, Interval>;
  readonly incidents: readonly IncidentSummary[];
  readonly perSeed: readonly {
    readonly seed: number;
    readonly metrics: RunMetrics;
    readonly incidents: readonly IncidentMetrics[];
    /** Wall clock, not deterministic. */
    readonly timing: RunTiming;
  }[];
  readonly series: SummarySeries;
  /** Wall clock, not deterministic. */
  readonly decisionsPerSecond: Interval;
}

const sumBuckets = (series: readonly number[][], length: number): number[] => {
  const out = new Array<number>(length).fill(0);
  for (const s of series) s.forEach((v, i) => (out[i] = (out[i] ?? 0) + v));
  return out;
};

function summarizeSeries(all: readonly RunSeries[]): SummarySeries {
  const length = all[0]?.started.length ?? 0;
  const started = sumBuckets(all.map((s) => s.started), length);
  const completed = sumBuckets(all.map((s) => s.completed), length);
  const spend = sumBuckets(all.map((s) => s.spend), length);
  const regret = sumBuckets(all.map((s) => s.regret), length);
  let acc = 0;
  const cumulativeRegret = regret.map((r) => (acc += r / Math.max(1, all.length)));
  const shares: Record<string, Record<ProviderId, number[]>> = {};
  const segmentDecisions: Record<string, number> = {};
  const segments = [...new Set(all.flatMap((s) => Object.keys(s.shares)))].sort();
  for (const segment of segments) {
    const providers = [...new Set(all.flatMap((s) => Object.keys(s.shares[segment] ?? {})))].sort();
    const counts = Object.fromEntries(
      providers.map((p) => [p, sumBuckets(all.map((s) => s.shares[segment]?.[p] ?? []), length)]),
    );
    const totals = sumBuckets(Object.values(counts), length);
    segmentDecisions[segment] = totals.reduce((a, b) => a + b, 0);
    shares[segment] = Object.fromEntries(
      providers.map((p) => [p, (counts[p] ?? []).map((c, i) => ((totals[i] ?? 0) > 0 ? c / (totals[i] ?? 1) : Number.NaN))]),
    );
  }
  return {
    bucketHours: (all[0]?.bucketMs ?? 0) / 3_600_000,
    completionRate: completed.map((c, i) => ((started[i] ?? 0) > 0 ? c / (started[i] ?? 1) : Number.NaN)),
    cumulativeRegret,
    costPerCompleted: spend.map((s, i) => ((completed[i] ?? 0) > 0 ? s / (completed[i] ?? 1) : Number.NaN)),
    shares,
    segmentDecisions,
  };
}

/**
 * Per policy: every metric as mean with a 95% Student-t interval over seeds (a seed where a
 * metric is undefined, e.g. no completion, is left out of that metric's interval), incident
 * move times over the seeds where the traffic moved, the raw per-seed values and the
 * seed-averaged time series.
 */
export function summarize(seeds: readonly SeedRunResult[], policies: readonly string[]): PolicySummary[] {
  return policies.map((policy) => {
    const runs = seeds.flatMap((s) => {
      const run = s.runs[policy];
      return run ? [{ seed: s.seed, run }] : [];
    });
    const metrics = Object.fromEntries(METRIC_KEYS.map((k) => [k, tInterval(runs.map((r) => r.run.metrics[k]))])) as Record<
      MetricKey,
      Interval
    >;
    const incidentIds = [...new Set(runs.flatMap((r) => r.run.incidents.map((i) => i.id)))];
    const incidents = incidentIds.map((id) => {
      const per = runs.map((r) => r.run.incidents.find((i) => i.id === id));
      const applicable = per.filter((i): i is IncidentMetrics => i !== undefined && i.segment !== null);
      return {
        id,
        segments: [...new Set(applicable.map((i) => i.segment as string))].sort(),
        decisions: tInterval(applicable.flatMap((i) => (i.decisions === null ? [] : [i.decisions]))),
        seconds: tInterval(applicable.flatMap((i) => (i.seconds === null ? [] : [i.seconds]))),
        notMoved: applicable.filter((i) => i.decisions === null).length,
        notApplicable: per.length - applicable.length,
      };
    });
    return {
      policy,
      metrics,
      incidents,
      perSeed: runs.map((r) => ({ seed: r.seed, metrics: r.run.metrics, incidents: r.run.incidents, timing: r.run.timing })),
      series: summarizeSeries(runs.map((r) => r.run.series)),
      decisionsPerSecond: tInterval(runs.map((r) => r.run.timing.decisionsPerSecond)),
    };
  });
}
