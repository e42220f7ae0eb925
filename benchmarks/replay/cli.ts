import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DecisionRecord } from '../../engine/decision-record.js';
import {
  DEFAULT_REWARD_WEIGHTS,
  validateRewardWeights,
  type RewardWeights,
} from '../../engine/reward/reward-weights.js';
import { DEFAULT_ENGINE_REPLAY_SEEDS, DEFAULT_REPLAY_MAX_ATTEMPTS, runEngineReplay } from './engine-replay.js';
import { formatEngineReplayReport, formatModelReport, formatOpeReport, formatWhatIfReport } from './format-reports.js';
import { DEFAULT_MIN_CELL_ATTEMPTS } from './model/fitted-world.js';
import { DEFAULT_REPLAY_SEED, runModelReplay } from './model-replay.js';
import { checkWritableFile } from '../report/output-paths.js';
import { ALL_POLICIES } from '../sim/run-scenario.js';
import { DEFAULT_BOOTSTRAP_RESAMPLES } from './ope/bootstrap.js';
import { DEFAULT_IPS_CLIP, evaluateOffPolicy } from './ope/evaluate-off-policy.js';
import { createReplayPolicy, LEARNING_POLICY_NAMES, REPLAY_POLICY_NAMES } from './replay-policies.js';
import { DEFAULT_MAX_ERRORS, readTraceFile, TRACE_FORMATS } from './trace-reader.js';
import { whatIf } from './what-if.js';

/** Where the CLI writes; tests pass buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

class CliFailure extends Error {}

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer >= ${min}`);
    return n;
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('must be a number in [0, 1)');
  return n;
}

/** Reads reward weights: a JSON object whose fields override DEFAULT_REWARD_WEIGHTS, then validated. */
export function readWeights(path: string | undefined): RewardWeights {
  if (path === undefined) return DEFAULT_REWARD_WEIGHTS;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TypeError(`${path} must hold a JSON object of reward weights`);
  return validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS, ...(raw as Partial<RewardWeights>) });
}

interface TraceOptions {
  trace: string;
  format: string;
  maxErrors: number;
  skipInvalid?: boolean;
  out?: string;
  seed: number;
}

async function loadTrace(o: TraceOptions, io: CliIo): Promise<DecisionRecord[]> {
  // Before the work, not after it: an unwritable --out found at the end loses the run.
  if (o.out) checkWritableFile('--out', o.out);
  const result = await readTraceFile(o.trace, {
    format: o.format as (typeof TRACE_FORMATS)[number] | 'auto',
    maxErrors: o.maxErrors,
    onProgress: (n) => io.err(`read ${n.toLocaleString('en-US')} lines\n`),
  });
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  for (const e of result.errors) io.err(`${e.message}\n`);
  io.err(`${o.trace}: ${result.summary}\n`);
  if (result.errors.length > 0 && !o.skipInvalid)
    throw new CliFailure('invalid rows (fix them, or pass --skip-invalid to use the valid ones)');
  if (result.records.length === 0) throw new CliFailure('no valid rows');
  return result.records;
}

function emit(io: CliIo, o: TraceOptions, command: string, markdown: string, report: unknown): void {
  io.out(`${markdown}\n`);
  if (o.out) {
    writeFileSync(o.out, `${JSON.stringify({ command, trace: resolve(o.trace), seed: o.seed, report }, null, 2)}\n`);
    io.err(`wrote ${o.out}\n`);
  }
}

function withTraceOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--trace <file>', 'trace file: decision export (JSON Lines) or the documented CSV / JSONL format')
    .addOption(new Option('--format <format>', 'trace format').choices(['auto', ...TRACE_FORMATS]).default('auto'))
    .option('--max-errors <n>', 'stop reading after this many row errors', integer(1), DEFAULT_MAX_ERRORS)
    .option('--skip-invalid', 'continue with the valid rows when some are invalid')
    .option('--seed <n>', 'seed for policies, bootstrap and simulated outcomes', integer(0), DEFAULT_REPLAY_SEED)
    .option('--out <file>', 'also write the report as JSON');
}

function minCellOption(): Option {
  return new Option('--min-cell <n>', 'attempts below which a segment x provider cell is reported thin')
    .argParser(integer(1))
    .default(DEFAULT_MIN_CELL_ATTEMPTS);
}

/** A comma-separated `--policies` value as names (blanks dropped). */
function policyList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Builds the `replay` program; exported for in-process tests. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('replay')
    .description('Historical traffic: off-policy evaluation, model-based replay and reward-weight what-if over a trace')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const policyHelp = `one of ${REPLAY_POLICY_NAMES.join(', ')}`;

  withTraceOptions(
    program.command('ope').description('estimate a policy value from a log with propensities (IPS, SNIPS, DM, DR)'),
  )
    .requiredOption('--policy <name>', `target policy: ${policyHelp}, or "logged" (the logging policy under --weights)`)
    .option('--weights <file>', 'reward weights JSON (fields override the defaults)')
    .option('--clip <m>', 'importance weight clip for IPS and DR', integer(1), DEFAULT_IPS_CLIP)
    .option('--resamples <n>', 'bootstrap resamples', integer(2), DEFAULT_BOOTSTRAP_RESAMPLES)
    .option('--warm-start <fraction>', 'fraction of the log used to warm-start a learning target', fraction, 0)
    .option(
      '--no-completion-model',
      'warm-start on re-scored rewards instead of the engine completion model (ADR 0007)',
    )
    .action(
      async (
        o: TraceOptions & {
          policy: string;
          weights?: string;
          clip: number;
          resamples: number;
          warmStart: number;
          completionModel: boolean;
        },
      ) => {
        const weights = readWeights(o.weights);
        const target = o.policy === 'logged' ? 'logged' : createReplayPolicy(o.policy, o.seed);
        const records = await loadTrace(o, io);
        const evaluated = evaluateOffPolicy(records, target, {
          weights,
          clip: o.clip,
          resamples: o.resamples,
          seed: o.seed,
          warmStartFraction: o.warmStart,
          completionModel: o.completionModel,
        });
        const frozen =
          o.warmStart === 0 && LEARNING_POLICY_NAMES.includes(o.policy)
            ? [
                `\`${o.policy}\` learns, but OPE evaluates it frozen: without --warm-start it is scored in its ` +
                  'initial, untrained state (the value of a policy that has seen no traffic). Pass --warm-start 0.5 ' +
                  'to train it on the first half of the log and evaluate it on the rest.',
              ]
            : [];
        const report = { ...evaluated, warnings: [...evaluated.warnings, ...frozen] };
        emit(io, o, 'ope', formatOpeReport(report, o.policy), report);
      },
    );

  withTraceOptions(
    program
      .command('model')
      .description('fit a world from the trace and replay policies on it (no propensities needed)'),
  )
    .requiredOption('--policies <list>', `comma-separated: ${policyHelp}`)
    .option('--weights <file>', 'reward weights JSON (fields override the defaults)')
    .addOption(minCellOption())
    .action(async (o: TraceOptions & { policies: string; weights?: string; minCell: number }) => {
      const weights = readWeights(o.weights);
      const names = policyList(o.policies);
      for (const name of names) createReplayPolicy(name, o.seed);
      const records = await loadTrace(o, io);
      const started = performance.now();
      const report = runModelReplay(
        records,
        names.map((name) => ({ name, create: () => createReplayPolicy(name, o.seed) })),
        { weights, seed: o.seed, fit: { minCellAttempts: o.minCell } },
      );
      const seconds = (performance.now() - started) / 1000;
      const decisionsPerSecond = ((names.length + 1) * report.actual.decisions) / Math.max(seconds, 1e-9);
      emit(io, o, 'model', formatModelReport(report, decisionsPerSecond), { ...report, decisionsPerSecond });
    });

  withTraceOptions(
    program
      .command('engine')
      .description(
        'fit a world from the trace, then run every logged verification through the whole engine (guards, failover, delayed feedback) under each policy',
      ),
  )
    .requiredOption('--policies <list>', `comma-separated: ${ALL_POLICIES.join(', ')}`)
    .option(
      '--seeds <n>',
      'seeds, from --seed on: each draws the fitted outcomes afresh',
      integer(1),
      DEFAULT_ENGINE_REPLAY_SEEDS,
    )
    .option('--max-attempts <n>', 'attempts per verification (1-5)', integer(1), DEFAULT_REPLAY_MAX_ATTEMPTS)
    .option('--weights <file>', 'reward weights JSON (fields override the defaults)')
    .addOption(minCellOption())
    .option('--no-completion-model', 'engines learn from actual rewards instead of the completion model (ADR 0007)')
    .action(
      async (
        o: TraceOptions & {
          policies: string;
          seeds: number;
          maxAttempts: number;
          weights?: string;
          minCell: number;
          completionModel: boolean;
        },
      ) => {
        const weights = readWeights(o.weights);
        const names = policyList(o.policies);
        if (names.length === 0) throw new CliFailure('--policies names no policy');
        const unknown = names.find((n) => !ALL_POLICIES.includes(n));
        if (unknown !== undefined)
          throw new CliFailure(`policy must be one of ${ALL_POLICIES.join(', ')}, got "${unknown}"`);
        if (o.maxAttempts > 5) throw new CliFailure('--max-attempts must be at most 5');
        const records = await loadTrace(o, io);
        const started = performance.now();
        let decisions = 0;
        const report = runEngineReplay(records, names, {
          weights,
          seeds: o.seeds,
          firstSeed: o.seed,
          maxAttempts: o.maxAttempts,
          fit: { minCellAttempts: o.minCell },
          completionModel: o.completionModel,
          onRun: ({ seed, policy, result, done, total }) => {
            decisions += result.metrics.decisions;
            io.err(
              `[${done}/${total}] seed ${seed} ${policy}: completion ${(100 * result.metrics.completionRate).toFixed(1)}%, ` +
                `${Math.round(result.timing.decisionsPerSecond).toLocaleString('en-US')} decisions/s\n`,
            );
          },
        });
        const decisionsPerSecond = decisions / Math.max((performance.now() - started) / 1000, 1e-9);
        emit(io, o, 'engine', formatEngineReplayReport(report, decisionsPerSecond), { ...report, decisionsPerSecond });
      },
    );

  withTraceOptions(
    program
      .command('what-if')
      .description('re-score logged outcomes under new reward weights and show how routing would shift'),
  )
    .requiredOption('--weights <file>', 'new reward weights JSON (fields override the defaults)')
    .option('--old-weights <file>', 'current reward weights JSON (default: the engine defaults)')
    .option('--policy <name>', `policy trained under each setting: ${policyHelp}`, 'discounted-ts')
    .option('--no-completion-model', 'train on re-scored rewards instead of the engine completion model (ADR 0007)')
    .action(
      async (o: TraceOptions & { weights: string; oldWeights?: string; policy: string; completionModel: boolean }) => {
        const newWeights = readWeights(o.weights);
        const oldWeights = readWeights(o.oldWeights);
        createReplayPolicy(o.policy, o.seed);
        const records = await loadTrace(o, io);
        const report = whatIf(records, {
          oldWeights,
          newWeights,
          createPolicy: () => createReplayPolicy(o.policy, o.seed),
          completionModel: o.completionModel,
        });
        emit(io, o, 'what-if', formatWhatIfReport(report, o.policy), report);
      },
    );

  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 bad input or data). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return err.exitCode ?? 1;
    io.err(`error: ${err.message ?? String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
