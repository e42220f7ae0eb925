import { pm } from '../report/render-markdown.js';
import type { EngineReplayReport } from './engine-replay.js';
import type { ModelReplayReport } from './model-replay.js';
import type { OpeReport } from './ope/evaluate-off-policy.js';
import type { ReplayMetrics } from './replay-metrics.js';
import type { WhatIfReport } from './what-if.js';

/** A GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Fixed decimals; NaN as `n/a`, Infinity as `inf`. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(digits);
}

const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export function formatOpeReport(r: OpeReport, policy: string): string {
  const ci = `${Math.round(r.confidence * 100)}% interval`;
  return [
    `## Off-policy evaluation of \`${policy}\``,
    '',
    `${r.samples} samples evaluated (warm start ${r.warmStartSamples}; skipped ${r.skipped.unsettled} unsettled, ${r.skipped.noPropensity} without propensity). ` +
      `Logged policy's value: ${num(r.loggedValue)}. Weight clip ${r.clip}: ${r.clippedWeights} clipped, max raw weight ${num(r.maxRawWeight, 2)}. ` +
      `Bootstrap: ${r.resamples} resamples, seed ${r.seed}.`,
    '',
    `Overlap: mean importance weight ${num(r.overlap.meanWeight, 3)} ± ${num(r.overlap.meanWeightSe, 3)} (1 when the log covers the target); ` +
      (r.overlap.unsupportedMass === null
        ? 'no logged probability vectors, so the target mass outside the log cannot be measured.'
        : `target probability on providers the log gave 0: ${pct(r.overlap.unsupportedMass)} (${r.overlap.samplesWithVector} samples with a logged vector).`),
    ...r.warnings.flatMap((w) => ['', `**Warning:** ${w}`]),
    '',
    markdownTable(
      ['estimator', 'estimate', ci, 'ESS', 'max weight'],
      r.estimates.map((e) => [
        e.estimator,
        num(e.estimate),
        `[${num(e.lower)}, ${num(e.upper)}]`,
        num(e.effectiveSampleSize, 1),
        e.maxWeight === null ? '-' : num(e.maxWeight, 2),
      ]),
    ),
  ].join('\n');
}

const metricsRow = (name: string, m: ReplayMetrics) => [
  name,
  String(m.decisions),
  pct(m.completionRate),
  pct(m.deliveryRate),
  num(m.costPerCompletion),
  num(m.meanReward),
];

function thinCellsTable(r: Pick<ModelReplayReport, 'thinCells' | 'minCellAttempts'>): string {
  return r.thinCells.length
    ? markdownTable(
        ['segment', 'provider', 'attempts', 'fit falls back to', 'hours covered'],
        r.thinCells.map((c) => [c.segment, c.provider, String(c.attempts), c.level, `${c.hoursCovered}/24`]),
      )
    : `No segment x provider cell has fewer than ${r.minCellAttempts} attempts.`;
}

export function formatEngineReplayReport(r: EngineReplayReport, decisionsPerSecond?: number): string {
  const l = r.logged;
  const countries = Object.entries(r.table.countries).map(
    ([country, routes]) =>
      `${country}: ${routes.map((x) => `${x.provider}${x.premium ? (x.standard === false ? ' (premium only)' : ' (+premium)') : ''}`).join(' > ')}`,
  );
  return [
    '## Engine replay on the fitted world',
    '',
    `${r.verifications.toLocaleString('en-US')} verifications of the trace, each run through the whole engine ` +
      `(guards, health, soft-failure budgets, failover up to ${r.maxAttempts} attempts, delayed feedback) under every ` +
      `policy, on a world fitted from the trace (${r.coverage.length} segment x provider cells); ${r.seeds} seeds, ` +
      `mean ± 95% interval over seeds` +
      (decisionsPerSecond ? `; ${Math.round(decisionsPerSecond).toLocaleString('en-US')} decisions/s.` : '.'),
    '',
    markdownTable(
      [
        'run',
        'completion',
        'cost / completed',
        'p50 / p95 time to verify (s)',
        'fallback rate',
        'attempts / verification',
        'refused',
        'regret',
      ],
      [
        [
          'logged (the trace itself)',
          pct(l.completionRate),
          num(l.costPerCompleted, 4),
          `${num(l.ttvP50Seconds, 1)} / ${num(l.ttvP95Seconds, 1)}`,
          pct(l.fallbackRate),
          num(l.attemptsPerVerification, 3),
          'n/a',
          'n/a',
        ],
        ...r.policies.map((p) => {
          const m = p.metrics;
          return [
            p.policy,
            pm(m.completionRate, 100, 1, '%'),
            pm(m.costPerCompleted, 1, 4),
            `${num(m.ttvP50Seconds.mean, 1)} / ${num(m.ttvP95Seconds.mean, 1)}`,
            pm(m.fallbackRate, 100, 1, '%'),
            pm(m.attemptsPerVerification, 1, 3),
            pm(m.refusalRate, 100, 1, '%'),
            pm(m.regret, 1, 1),
          ];
        }),
      ],
    ),
    '',
    '"refused": routing calls the engine\'s guards refused (fraud tiers, geo permissions, no provider left); a refused ' +
      'first attempt leaves its verification uncompleted, though the logged system may have sent it. Regret is against ' +
      `the fitted world's one-attempt expected reward (window ${Math.round(r.truthWindowMs / 1000)} s), which the ` +
      '`dynamic-oracle` maximises; the logged row has none (its counterfactuals are unknown).',
    '',
    `### Routing table implied by the trace (static-chain's order: most first attempts first)`,
    '',
    ...countries.map((c) => `- ${c}`),
    '',
    `### Thin cells (< ${r.minCellAttempts} attempts)`,
    '',
    thinCellsTable(r),
  ].join('\n');
}

export function formatModelReport(r: ModelReplayReport, decisionsPerSecond?: number): string {
  const thin = thinCellsTable(r);
  return [
    '## Model-based replay',
    '',
    `Fitted world: ${r.coverage.length} segment x provider cells, seed ${r.seed}` +
      (decisionsPerSecond ? `, ${Math.round(decisionsPerSecond).toLocaleString('en-US')} decisions/s.` : '.'),
    '',
    markdownTable(
      ['run', 'decisions', 'completion', 'delivery', 'cost / completion', 'mean reward'],
      [
        metricsRow('logged (actual outcomes)', r.actual),
        metricsRow('logged choices on fitted world', r.loggedOnModel),
        ...r.policies.map((p) => metricsRow(p.name, p)),
      ],
    ),
    '',
    `### Thin cells (< ${r.minCellAttempts} attempts)`,
    '',
    thin,
  ].join('\n');
}

export function formatWhatIfReport(r: WhatIfReport, policy: string | null): string {
  const parts = [
    '## Reward-weight what-if',
    '',
    `${r.settled} settled attempts. Mean reward: old weights ${num(r.meanRewardOld)}, new weights ${num(r.meanRewardNew)}` +
      (r.loggedRewardMean === null ? '.' : ` (stored in the log: ${num(r.loggedRewardMean)}).`),
    '',
    markdownTable(
      ['provider', 'attempts', 'mean reward (old)', 'mean reward (new)', 'change'],
      r.providers.map((p) => [p.provider, String(p.attempts), num(p.meanOld), num(p.meanNew), num(p.delta)]),
    ),
  ];
  if (r.segments && r.projected && policy) {
    parts.push(
      '',
      `### How \`${policy}\` would route (average probability after training on the log)`,
      '',
      markdownTable(
        ['segment', 'attempts', 'provider', 'share (old)', 'share (new)', 'change'],
        r.segments.flatMap((s) =>
          s.shares.map((x) => [s.segment, String(s.attempts), x.provider, pct(x.old), pct(x.new), pct(x.delta)]),
        ),
      ),
      '',
      '### Projected metrics of that routing (log cell means)',
      '',
      markdownTable(
        ['weights', 'completion', 'cost / completion', 'mean reward (old w)', 'mean reward (new w)'],
        [
          [
            'old',
            pct(r.projected.old.completionRate),
            num(r.projected.old.costPerCompletion),
            num(r.projected.old.meanRewardOld),
            num(r.projected.old.meanRewardNew),
          ],
          [
            'new',
            pct(r.projected.new.completionRate),
            num(r.projected.new.costPerCompletion),
            num(r.projected.new.meanRewardOld),
            num(r.projected.new.meanRewardNew),
          ],
        ],
      ),
    );
  }
  return parts.join('\n');
}
