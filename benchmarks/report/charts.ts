import { DEFAULT_POLICY_KIND } from '../../engine/learning/create-policy.js';
import { barChart } from './bar-chart.js';
import { lineChart, type Band } from './line-chart.js';
import type { ScenarioReport } from './scenario-report.js';

/** At most this many segments get a traffic-share chart (the busiest ones). */
export const MAX_SHARE_CHARTS = 4;

export interface Chart {
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

/** File-name-safe form of a segment key (`DE:262-01:standard` -> `DE_262-01_standard`). */
export const segmentFile = (segment: string): string => segment.replace(/[^A-Za-z0-9-]/g, '_');

/**
 * The report's SVG charts: completion rate over time, cumulative regret and cost per
 * completed verification for every policy, and for the default policy (or the first one run)
 * each provider's share of first attempts over time in the busiest tracked segments, with
 * incidents shaded.
 */
export function buildCharts(report: ScenarioReport): Chart[] {
  const bands = (segment?: string): Band[] =>
    report.incidents
      .filter((i) => segment === undefined || i.segments.includes(segment))
      .map((i) => ({ from: i.startHour, to: i.endHour, label: i.id }));
  const x = (bucketHours: number, i: number): number => (i + 0.5) * bucketHours;
  const charts: Chart[] = [];
  charts.push({
    file: 'completion-over-time.svg',
    title: 'Completion rate over time',
    svg: lineChart({
      title: 'Completion rate by request time (seeds pooled)',
      xLabel: 'simulated hour',
      yLabel: 'completion rate',
      series: report.policies.map((p) => ({
        name: p.policy,
        points: p.series.completionRate.map((v, i) => [x(p.series.bucketHours, i), v] as const),
        dashed: p.policy.includes('oracle') || p.policy === 'best-fixed',
      })),
      bands: bands(),
    }),
  });
  charts.push({
    file: 'cumulative-regret.svg',
    title: 'Cumulative regret against the dynamic oracle',
    svg: lineChart({
      title: 'Cumulative regret vs dynamic oracle (mean over seeds)',
      xLabel: 'simulated hour',
      yLabel: 'regret (reward units)',
      series: report.policies.map((p) => ({
        name: p.policy,
        points: p.series.cumulativeRegret.map((v, i) => [(i + 1) * p.series.bucketHours, v] as const),
        dashed: p.policy.includes('oracle') || p.policy === 'best-fixed',
      })),
      bands: bands(),
      yMin: 0,
    }),
  });
  charts.push({
    file: 'cost-per-completed.svg',
    title: 'Cost per completed verification',
    svg: barChart({
      title: 'Cost per completed verification, USD (mean, 95% interval)',
      yLabel: 'USD',
      bars: report.policies.map((p) => ({
        label: p.policy,
        value: p.metrics.costPerCompleted.mean,
        lower: p.metrics.costPerCompleted.lower,
        upper: p.metrics.costPerCompleted.upper,
      })),
    }),
  });
  const focus = report.policies.find((p) => p.policy === DEFAULT_POLICY_KIND) ?? report.policies[0];
  if (focus) {
    const segments = Object.entries(focus.series.segmentDecisions)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_SHARE_CHARTS)
      .map(([s]) => s);
    for (const segment of segments) {
      const shares = focus.series.shares[segment] ?? {};
      charts.push({
        file: `share-${segmentFile(segment)}.svg`,
        title: `${focus.policy}: provider share of first attempts in ${segment}`,
        svg: lineChart({
          title: `${focus.policy}: share of first attempts, ${segment}`,
          xLabel: 'simulated hour',
          yLabel: 'share',
          series: Object.entries(shares).map(([provider, values]) => ({
            name: provider,
            points: values.map((v, i) => [x(focus.series.bucketHours, i), v] as const),
          })),
          bands: bands(segment),
          yMin: 0,
          yMax: 1,
        }),
      });
    }
  }
  return charts;
}
