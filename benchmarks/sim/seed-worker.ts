import { loadScenario, type LoadedScenario, type RewardOverride } from '../scenario/load-scenario.js';
import { runSeed } from './run-scenario.js';

/** A unit of work for a worker process: one seed of one scenario file, all given policies. */
export interface SeedJob {
  readonly id: number;
  readonly file: string;
  readonly seed: number;
  readonly policies: readonly string[];
  /** Engines learn through their completion model (false: from actual rewards). */
  readonly completionModel: boolean;
  /** Reward weights replacing the scenario's (`--reward`). */
  readonly reward?: RewardOverride;
}

/** Messages a worker sends back: one per policy run, then the seed's result or an error. */
export type WorkerMessage =
  | { readonly type: 'run'; readonly id: number; readonly policy: string; readonly decisionsPerSecond: number }
  | { readonly type: 'done'; readonly id: number; readonly result: ReturnType<typeof runSeed> }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

const scenarios = new Map<string, LoadedScenario>();

process.on('message', (job: SeedJob) => {
  try {
    const key = `${job.file}\u0000${JSON.stringify(job.reward ?? {})}`;
    let loaded = scenarios.get(key);
    if (!loaded) scenarios.set(key, (loaded = loadScenario(job.file, job.reward ? { reward: job.reward } : {})));
    const result = runSeed(loaded, job.seed, job.policies, {
      completionModel: job.completionModel,
      onRun: ({ policy, result: run }) =>
        process.send?.({ type: 'run', id: job.id, policy, decisionsPerSecond: run.timing.decisionsPerSecond } satisfies WorkerMessage),
    });
    process.send?.({ type: 'done', id: job.id, result } satisfies WorkerMessage);
  } catch (error) {
    process.send?.({ type: 'error', id: job.id, message: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
  }
});
