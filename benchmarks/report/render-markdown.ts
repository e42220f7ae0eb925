import type { MetricKey } from '../metrics/aggregate.js';
import type { Interval } from '../metrics/t-interval.js';
import type { Chart } from './charts.js';
import type { GoalCheck } from './goals.js';
import { goalChecks, type ScenarioReport } from './scenario-report.js';

const COLUMNS: readonly { readonly key: MetricKey; readonly title: string; readonly format: (i: Interval) => string }[] = [
  { key: 'completionRate', title: 'completion', format: (i) => pm(i, 100, 2, '%') },
  { key: 'costPerCompleted', title: 'cost / completed (USD)', format: (i) => pm(i, 1, 4) },
  { key: 'ttvP50Seconds', title: 'p50 verify (s)', format: (i) => pm(i, 1, 1) },
  { key: 'ttvP95Seconds', title: 'p95 verify (s)', format: (i) => pm(i, 1, 1) },
  { key: 'fallbackRate', title: 'fallback', format: (i) => pm(i, 100, 2, '%') },
  { key: 'attemptsPerVerification', title: 'attempts / verif.', format: (i) => pm(i, 1, 3) },
  { key: 'regret', title: 'regret', format: (i) => pm(i, 1, 1) },
  { key: 'fraudSpend', title: 'fraud spend (USD)', format: (i) => pm(i, 1, 2) },
  { key: 'refusalRate', title: 'refused', format: (i) => pm(i, 100, 2, '%') },
];

/** `mean ± half-width` scaled and rounded; `n/a` when undefined in every seed. */
export function pm(i: Interval, scale: number, digits: number, unit = ''): string {
  if (!Number.isFinite(i.mean)) return 'n/a';
  return `${(i.mean * scale).toFixed(digits)}${unit} ± ${(i.halfWidth * scale).toFixed(digits)}`;
}

export function goalLines(goals: readonly GoalCheck[]): string[] {
  if (goals.length === 0) return ['(no goal applies)'];
  return ['| goal | result | detail |', '|---|---|---|', ...goals.map((g) => `| ${g.goal} | **${g.status}** | ${g.detail} |`)];
}

/** The scenario's report.md: provenance, goals, metric tables, incidents, throughput, charts. */
export function renderMarkdown(report: ScenarioReport, charts: readonly Chart[]): string {
  const lines: string[] = [
    `# Benchmark: ${report.scenario.name}`,
    '',
    report.scenario.description,
    '',
    `- scenario file: \`${report.scenario.file}\`, sha256 \`${report.scenario.hash}\``,
    `- reward weights: completion ${report.scenario.reward.completion}, latency ${report.scenario.reward.latency}, cost ${report.scenario.reward.cost}`,
    `- git commit: ${report.gitCommit ? `\`${report.gitCommit}\`` : 'unknown (no git or no commit)'}`,
    `- seeds: ${report.seeds.join(', ')} (${report.durationHours} simulated hours each; requests per seed: ${report.requestsPerSeed.join(', ')})`,
    `- command: \`${report.command}\``,
    `- generated: ${report.generatedAt}`,
    '',
    '## Goals for the default policy',
    '',
    ...goalLines(goalChecks(report)),
    '',
    '## Metrics (mean ± 95% half-width over seeds, Student t)',
    '',
    `| policy | ${COLUMNS.map((c) => c.title).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...report.policies.map((p) => `| ${p.policy} | ${COLUMNS.map((c) => c.format(p.metrics[c.key])).join(' | ')} |`),
    '',
    'Completion and cost count legitimate traffic only (SMS-pumping requests never complete); their spend is the fraud-spend column. ',
    'Regret is the sum over routing decisions of the dynamic oracle\'s true expected reward minus that of the chosen provider, among the same eligible providers.',
    '',
  ];
  if (report.incidents.length > 0) {
    lines.push('## Incidents: time for >= 90% of the affected traffic to leave the failed route', '');
    for (const inc of report.incidents) {
      lines.push(
        `### ${inc.id}: ${inc.provider}, hours ${inc.startHour}-${inc.endHour}, segments ${inc.segments.join(', ') || '(none with traffic)'}`,
        '',
        '| policy | segment | decisions | simulated seconds | seeds never moved | seeds n/a |',
        '|---|---|---:|---:|---:|---:|',
      );
      for (const p of report.policies) {
        const s = p.incidents.find((i) => i.id === inc.id);
        if (!s) continue;
        const segment = s.segments.join(', ') || '-';
        lines.push(`| ${p.policy} | ${segment} | ${pm(s.decisions, 1, 1)} | ${pm(s.seconds, 1, 0)} | ${s.notMoved} | ${s.notApplicable} |`);
      }
      lines.push('');
    }
    lines.push(
      'Per affected segment: baseline = failed provider\'s share of the last 100 first attempts before the incident; moved = first window of 20 consecutive first attempts after the start with at most 10% of that share; decisions are counted from the start (20 is the minimum). ' +
        'Shown: the busiest affected segment where the provider carried >= 5% before ("n/a" seeds: none); every segment is in results.json.',
      '',
    );
  }
  lines.push(
    '## Throughput (wall clock, one core)',
    '',
    '| policy | decisions per run | decisions / s |',
    '|---|---:|---:|',
    ...report.policies.map((p) => `| ${p.policy} | ${p.metrics.decisions.mean.toFixed(0)} | ${p.decisionsPerSecond.mean.toFixed(0)} |`),
    '',
    '## Charts',
    '',
    ...charts.flatMap((c) => [`### ${c.title}`, '', `![${c.title}](${c.file})`, '']),
  );
  return `${lines.join('\n')}\n`;
}
