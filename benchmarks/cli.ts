import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { JsonLinesFile } from './report/json-lines-file.js';
import { runBench } from './run-bench.js';
import type { RewardOverride } from './scenario/load-scenario.js';
import { parseRewardOverride } from './scenario/reward-override.js';
import { STANDARD_SUITE_FILES } from './scenario/standard-suite.js';
import { ALL_POLICIES } from './sim/run-scenario.js';

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`${name} must be an integer in [1, ${max}]`);
    return n;
  };
}

function policyList(value: string): string[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = list.filter((p) => !ALL_POLICIES.includes(p));
  if (list.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown policy ${unknown.join(', ') || '(empty list)'}; choose from ${ALL_POLICIES.join(', ')}`);
  }
  return list;
}

function rewardWeights(value: string): RewardOverride {
  try {
    return parseRewardOverride(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const program = new Command()
  .name('npm run bench --')
  .description(
    'Runs routing policies side by side with two oracles on simulated traffic, in simulated time, and writes ' +
      '<out>/<scenario>/results.json, report.md and SVG charts. Without --scenario: the standard suite.',
  )
  .option('--scenario <file>', 'scenario file to run (default: the standard suite in benchmarks/scenarios)')
  .option('--policies <list>', `comma-separated policies (default: all): ${ALL_POLICIES.join(', ')}`, policyList)
  .option('--seeds <n>', "number of seeds, 1..n (default: the scenario's seeds)", positiveInt('--seeds', 1000))
  .option('--out <dir>', 'output directory', 'bench-results')
  .option('--jobs <n>', 'worker processes; 1 runs in this process', positiveInt('--jobs', 64), Math.min(8, availableParallelism()))
  .option('--trace <file>', 'write every decision as JSON Lines (engine/decision-record.ts format); implies --jobs 1')
  .option(
    '--reward <weights>',
    "reward weights replacing every scenario's, e.g. completion=0.5,latency=0.2,cost=0.3 (oracles and regret follow them)",
    rewardWeights,
  )
  .option('--no-completion-model', 'policies learn from actual rewards instead of the engine completion model (engine/reward/completion-model.ts)')
  .option('--quiet', 'no progress bar')
  .showHelpAfterError();

program.parse();
const opts = program.opts<{
  scenario?: string;
  policies?: string[];
  seeds?: number;
  out: string;
  jobs: number;
  trace?: string;
  quiet?: boolean;
  completionModel: boolean;
  reward?: RewardOverride;
}>();

const files = opts.scenario ? [opts.scenario] : STANDARD_SUITE_FILES.map((f) => relative(process.cwd(), f));
let trace: JsonLinesFile | undefined;
try {
  trace = opts.trace ? new JsonLinesFile('--trace', opts.trace) : undefined;
  await runBench({
    files,
    policies: opts.policies ?? [...ALL_POLICIES],
    ...(opts.seeds !== undefined ? { seeds: opts.seeds } : {}),
    out: opts.out,
    jobs: trace ? 1 : opts.jobs,
    ...(trace ? { trace: (record) => (trace as JsonLinesFile).write(record) } : {}),
    progress: !opts.quiet,
    completionModel: opts.completionModel,
    ...(opts.reward ? { reward: opts.reward } : {}),
    command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
    stdout: process.stdout,
    stderr: process.stderr,
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  try {
    trace?.close();
    if (trace) process.stderr.write(`wrote ${trace.lines.toLocaleString('en-US')} decision records to ${trace.path}\n`);
  } catch (error) {
    process.stderr.write(`${opts.trace}: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
