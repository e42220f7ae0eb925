import { fork, type ChildProcess } from 'node:child_process';
import type { DecisionRecord } from '../../engine/decision-record.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { runSeed, type SeedRunResult } from './run-scenario.js';
import type { SeedJob, WorkerMessage } from './seed-worker.js';

export interface JobsOptions {
  /** Worker processes; 1 runs everything in this process. */
  readonly jobs: number;
  /** Called after every policy run with its decisions per second. */
  readonly onRun?: (job: SeedJob, policy: string, decisionsPerSecond: number) => void;
  /** Called with each seed's result as soon as it is in (in completion order with workers). */
  readonly onSeed?: (job: SeedJob, result: SeedRunResult) => void;
  /** Loaded scenarios by file, for in-process runs. */
  readonly loaded: ReadonlyMap<string, LoadedScenario>;
  /** Decision records; only in-process runs write them. */
  readonly trace?: (record: DecisionRecord) => void;
}

/**
 * Runs seed jobs, in this process (`jobs` = 1, or when tracing) or spread over `jobs` forked worker processes
 * (same Node flags, so the TypeScript loader comes along); results come back in job order.
 * Seeds are independent and deterministic, so parallel and serial runs give identical results.
 * @throws Error with the worker's stack when a job fails
 */
export async function runJobs(jobs: readonly SeedJob[], options: JobsOptions): Promise<SeedRunResult[]> {
  const results: (SeedRunResult | undefined)[] = new Array(jobs.length);
  if (options.jobs <= 1 || options.trace) {
    for (const job of jobs) {
      const loaded = options.loaded.get(job.file);
      if (!loaded) throw new Error(`scenario ${job.file} was not loaded`);
      const result = runSeed(loaded, job.seed, job.policies, {
        completionModel: job.completionModel,
        onRun: ({ policy, result: run }) => options.onRun?.(job, policy, run.timing.decisionsPerSecond),
        ...(options.trace ? { trace: options.trace } : {}),
      });
      results[job.id] = result;
      options.onSeed?.(job, result);
    }
    return results as SeedRunResult[];
  }
  const queue = [...jobs];
  const workerFile = new URL('./seed-worker.ts', import.meta.url);
  const workers: ChildProcess[] = [];
  await new Promise<void>((resolve, reject) => {
    let pending = jobs.length;
    let failed = false;
    const next = (worker: ChildProcess): void => {
      const job = queue.shift();
      if (job) worker.send(job);
      else worker.disconnect();
    };
    for (let i = 0; i < Math.min(options.jobs, jobs.length); i++) {
      const worker = fork(workerFile, [], {
        execArgv: process.execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // Structured clone keeps NaN (a metric undefined for a seed); JSON would turn it into null.
        serialization: 'advanced',
      });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'run') {
          const job = jobs[message.id];
          if (job) options.onRun?.(job, message.policy, message.decisionsPerSecond);
          return;
        }
        if (message.type === 'error') {
          failed = true;
          workers.forEach((w) => w.connected && w.disconnect());
          reject(new Error(`seed job ${message.id} failed:\n${message.message}`));
          return;
        }
        results[message.id] = message.result;
        const job = jobs[message.id];
        try {
          if (job) options.onSeed?.(job, message.result);
        } catch (error) {
          failed = true;
          workers.forEach((w) => w.connected && w.disconnect());
          reject(error as Error);
          return;
        }
        pending--;
        if (pending === 0) resolve();
        next(worker);
      });
      worker.on('exit', (code) => {
        if (code !== 0 && !failed) {
          failed = true;
          reject(new Error(`worker exited with code ${String(code)}`));
        }
      });
      next(worker);
    }
  });
  return results as SeedRunResult[];
}
