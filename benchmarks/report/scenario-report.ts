import type { PolicySummary } from '../metrics/aggregate.js';
import { summarize } from '../metrics/aggregate.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import type { SeedRunResult } from '../sim/run-scenario.js';
import { checkGoals, checkSpeed, type GoalCheck } from './goals.js';

const HOUR_MS = 3_600_000;

/** Everything written to `<out>/<scenario>/results.json`. */
export interface ScenarioReport {
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly file: string;
    readonly hash: string;
    /** The reward weights the run used (the scenario's, or `--reward`'s); the oracles and regret are in their units. */
    readonly reward: { readonly completion: number; readonly latency: number; readonly cost: number };
  };
  /** `git rev-parse HEAD`, null without git or commits. */
  readonly gitCommit: string | null;
  /** ISO time of writing; with the timings and `speed`, what differs between identical runs. */
  readonly generatedAt: string;
  readonly command: string;
  readonly seeds: readonly number[];
  readonly requestsPerSeed: readonly number[];
  readonly durationHours: number;
  readonly incidents: readonly {
    readonly id: string;
    readonly provider: string;
    readonly startHour: number;
    readonly endHour: number;
    readonly segments: readonly string[];
  }[];
  readonly policies: readonly PolicySummary[];
  readonly goals: readonly GoalCheck[];
  /** The speed goal ({@link checkSpeed}); wall clock like `timing`, so it differs between identical runs. */
  readonly speed: GoalCheck | null;
}

export interface ReportInput {
  readonly loaded: LoadedScenario;
  readonly file: string;
  readonly seeds: readonly SeedRunResult[];
  readonly policies: readonly string[];
  readonly gitCommit: string | null;
  readonly generatedAt: string;
  readonly command: string;
}

/** Aggregates a scenario's seed runs into the report value (intervals, series, goal checks). */
export function buildScenarioReport(input: ReportInput): ScenarioReport {
  const { loaded, seeds } = input;
  const summaries = summarize(seeds, input.policies);
  const first = seeds[0];
  return {
    scenario: {
      name: loaded.scenario.name,
      description: loaded.scenario.description,
      file: input.file,
      hash: loaded.hash,
      reward: {
        completion: loaded.rewardConfig.weights.completion,
        latency: loaded.rewardConfig.weights.latency,
        cost: loaded.rewardConfig.weights.cost,
      },
    },
    gitCommit: input.gitCommit,
    generatedAt: input.generatedAt,
    command: input.command,
    seeds: seeds.map((s) => s.seed),
    requestsPerSeed: seeds.map((s) => s.requests),
    durationHours: loaded.scenario.durationHours,
    incidents: (first?.incidents ?? []).map((i) => ({
      id: i.id,
      provider: i.provider,
      startHour: (i.start - loaded.startMs) / HOUR_MS,
      endHour: (i.end - loaded.startMs) / HOUR_MS,
      segments: i.segments,
    })),
    policies: summaries,
    goals: checkGoals(loaded.scenario.name, summaries),
    speed: checkSpeed(summaries),
  };
}

/** The deterministic goals, then the speed goal when it applies: every check a report shows. */
export function goalChecks(report: Pick<ScenarioReport, 'goals' | 'speed'>): GoalCheck[] {
  return report.speed ? [...report.goals, report.speed] : [...report.goals];
}

/** JSON with NaN written as null (JSON has no NaN) and two-space indentation. */
export function reportJson(report: ScenarioReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
