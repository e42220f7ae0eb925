import type { DecisionRecord } from '../engine/decision-record.js';
import { gitCommit } from './report/git-commit.js';
import { prepareOutputDir } from './report/output-paths.js';
import { createProgressBar, type ProgressSink } from './report/progress-bar.js';
import { buildScenarioReport, goalChecks, type ScenarioReport } from './report/scenario-report.js';
import { writeScenarioReport, writeSuiteSummary } from './report/write-report.js';
import { loadScenario, type LoadedScenario, type RewardOverride } from './scenario/load-scenario.js';
import { runJobs } from './sim/run-jobs.js';
import { checkPolicies, type SeedRunResult } from './sim/run-scenario.js';
import type { SeedJob } from './sim/seed-worker.js';

export interface BenchOptions {
  readonly files: readonly string[];
  readonly policies: readonly string[];
  /** Seeds 1..n; default each scenario's `seeds`. */
  readonly seeds?: number;
  readonly out: string;
  readonly jobs: number;
  readonly trace?: (record: DecisionRecord) => void;
  /** Whether the engines learn through their completion model (default true); false: actual rewards. */
  readonly completionModel?: boolean;
  /** Reward weights replacing every scenario's own (`--reward`); the oracles and regret follow them. */
  readonly reward?: RewardOverride;
  readonly progress: boolean;
  /** The command line, recorded in the reports. */
  readonly command: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressSink;
  /** Clock for `generatedAt` (tests pin it). */
  readonly now?: () => Date;
}

/**
 * Runs scenarios x seeds x policies and writes every scenario's results.json, report.md and
 * charts under `out` as soon as its last seed is in, plus `summary.md` at the end when more
 * than one scenario ran. Prints each
 * scenario's goal checks and decisions per second to `stdout`, progress to `stderr`.
 * Scenarios, policies and the output directory are checked before anything runs.
 * @returns the reports written
 * @throws ScenarioError for an invalid scenario, RangeError for an unknown policy, OutputPathError
 *   when `out` cannot be created or written
 */
export async function runBench(options: BenchOptions): Promise<ScenarioReport[]> {
  checkPolicies(options.policies);
  const reward = options.reward;
  const loaded = new Map<string, LoadedScenario>(options.files.map((f) => [f, loadScenario(f, reward ? { reward } : {})]));
  prepareOutputDir('--out', options.out);
  const jobs: SeedJob[] = [];
  for (const [file, scenario] of loaded) {
    const count = options.seeds ?? scenario.scenario.seeds;
    for (let seed = 1; seed <= count; seed++) {
      jobs.push({
        id: jobs.length,
        file,
        seed,
        policies: options.policies,
        completionModel: options.completionModel ?? true,
        ...(reward ? { reward } : {}),
      });
    }
  }
  const total = jobs.length * options.policies.length;
  const bar = options.progress ? createProgressBar(total, options.stderr) : undefined;
  let done = 0;
  const commit = gitCommit();
  const generatedAt = (options.now?.() ?? new Date()).toISOString();
  // Each scenario's reports are written as soon as its last seed is in, so an interrupted or
  // failed suite keeps every scenario it finished.
  const seedsLeft = new Map<string, number>();
  for (const job of jobs) seedsLeft.set(job.file, (seedsLeft.get(job.file) ?? 0) + 1);
  const seedResults = new Map<string, SeedRunResult[]>();
  const written = new Map<string, ScenarioReport>();
  const report = (file: string, scenario: LoadedScenario): void => {
    const seeds = (seedResults.get(file) ?? []).sort((a, b) => a.seed - b.seed);
    const r = buildScenarioReport({
      loaded: scenario,
      file,
      seeds,
      policies: options.policies,
      gitCommit: commit,
      generatedAt,
      command: options.command,
    });
    writeScenarioReport(options.out, r);
    written.set(file, r);
    bar?.clear();
    const out = options.stdout;
    out.write(`\n${r.scenario.name} (${seeds.length} seeds) -> ${options.out}/${r.scenario.name}/report.md\n`);
    for (const p of r.policies) {
      const m = p.metrics;
      out.write(
        `  ${p.policy.padEnd(16)} completion ${(100 * m.completionRate.mean).toFixed(2)}%  cost/completed ${m.costPerCompleted.mean.toFixed(4)}  ` +
          `regret ${m.regret.mean.toFixed(1)}  ${Math.round(p.decisionsPerSecond.mean).toLocaleString('en-US')} decisions/s\n`,
      );
    }
    for (const g of goalChecks(r)) out.write(`  [${g.status}] ${g.goal}: ${g.detail}\n`);
  };
  await runJobs(jobs, {
    jobs: options.trace ? 1 : options.jobs,
    loaded,
    onRun: (job, policy, dps) => {
      done++;
      const name = loaded.get(job.file)?.scenario.name ?? job.file;
      bar?.update(done, `${name} seed ${job.seed} ${policy} ${Math.round(dps).toLocaleString('en-US')} decisions/s`);
    },
    onSeed: (job, result) => {
      const list = seedResults.get(job.file) ?? [];
      list.push(result);
      seedResults.set(job.file, list);
      const left = (seedsLeft.get(job.file) ?? 1) - 1;
      seedsLeft.set(job.file, left);
      const scenario = loaded.get(job.file);
      if (left === 0 && scenario) report(job.file, scenario);
    },
    ...(options.trace ? { trace: options.trace } : {}),
  });
  bar?.finish();

  const reports = [...loaded.keys()].map((file) => written.get(file)).filter((r): r is ScenarioReport => r !== undefined);
  if (reports.length > 1) options.stdout.write(`\nsummary: ${writeSuiteSummary(options.out, reports, options.command)}\n`);
  return reports;
}
