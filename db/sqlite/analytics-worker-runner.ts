import { Worker } from 'node:worker_threads';
import { AnalyticsBusyError } from '../stores/analytics-store.js';
import type { QueryRunner } from './analytics-sql.js';

interface Pending {
  resolve(rows: unknown[][]): void;
  reject(error: Error): void;
}

type Reply = { id: number; results: unknown[][] } | { id: number; error: string };

/** Queries queued on the worker at most; more are refused with {@link AnalyticsBusyError}. */
export const MAX_QUEUED_ANALYTICS = 16;

/**
 * Runs analytics queries on a worker thread with its own read-only connection to the database
 * file (WAL lets it read while the server writes; it sees committed data). Aggregating a day
 * of traffic takes seconds of SQLite time; on the server's connection that blocked every
 * request for as long. The worker starts on first use, does not keep the process alive, and
 * is started again after a crash; queries queue in order, at most `maxQueued` of them (a
 * day's summary takes seconds, so a crowd of dashboards could otherwise queue without bound).
 */
export class AnalyticsWorker {
  readonly #filename: string;
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, Pending>();

  constructor(
    filename: string,
    private readonly maxQueued = MAX_QUEUED_ANALYTICS,
  ) {
    this.#filename = filename;
  }

  readonly run: QueryRunner = (queries, params) =>
    new Promise((resolve, reject) => {
      if (this.#pending.size >= this.maxQueued) {
        reject(new AnalyticsBusyError(`${this.#pending.size} analytics queries are already waiting`));
        return;
      }
      const id = this.#next++;
      this.#pending.set(id, { resolve, reject });
      this.#start().postMessage({ id, queries, params });
    });

  /** Stops the worker; queries still waiting are rejected. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#failAll(new Error('analytics worker closed'));
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./analytics-worker.mjs', import.meta.url), {
      workerData: { filename: this.#filename },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.results);
    });
    const lost = (error: Error): void => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`analytics worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
