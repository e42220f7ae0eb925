import type { PurgeCounts } from '../../db/stores/retention-store.js';
import type { Stores } from '../../db/stores/stores.js';

const DAY_MS = 86_400_000;
/** Verifications (and rows of each other table) per purge batch: a few ms of work each. */
export const RETENTION_BATCH = 500;
/** Batches per run at most (100,000 verifications, ~3 s of work in ~16 ms slices): with one run a minute, ~1,600 verifications/s, more than the server creates. */
export const RETENTION_MAX_BATCHES = 200;

const ZERO: PurgeCounts = Object.freeze({
  verifications: 0,
  attempts: 0,
  receipts: 0,
  transitions: 0,
  routingHistory: 0,
  routingCoefficients: 0,
  routingEvents: 0,
  phoneFailures: 0,
});

export interface RetentionRun {
  readonly deleted: PurgeCounts;
  readonly batches: number;
  /** Whether data older than the cutoff is left (the run stopped at its batch limit). */
  readonly more: boolean;
}

/**
 * Deletes data older than `retentionDays` (verifications with their attempts, receipts and
 * transitions; routing history, coefficients and events; lapsed phone failure counters), batch
 * by batch, each batch one transaction, yielding to the event loop in between so requests keep
 * flowing. Pending verifications are kept whatever their age.
 * @throws RangeError when retentionDays is not an integer >= 1
 */
export async function purgeExpiredData(
  stores: Stores,
  now: number,
  retentionDays: number,
  options: { readonly batch?: number; readonly maxBatches?: number; readonly stopped?: () => boolean } = {},
): Promise<RetentionRun> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(`retentionDays must be an integer >= 1, got ${retentionDays}`);
  }
  const cutoff = now - retentionDays * DAY_MS;
  const batch = options.batch ?? RETENTION_BATCH;
  const maxBatches = options.maxBatches ?? RETENTION_MAX_BATCHES;
  const totals: Record<keyof PurgeCounts, number> = { ...ZERO };
  let batches = 0;
  let more = true;
  while (more && batches < maxBatches && !options.stopped?.()) {
    const run = stores.transaction(() => stores.retention.purgeBefore(cutoff, batch));
    await stores.committed();
    batches += 1;
    more = run.more;
    for (const key of Object.keys(totals) as (keyof PurgeCounts)[]) totals[key] += run.deleted[key];
    if (more) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { deleted: totals, batches, more };
}

/** How often the purge runs. */
export const RETENTION_EVERY_MS = 60_000;

export interface RetentionJob {
  /** Runs one purge now (also what the timer calls); resolves when it is done. */
  runOnce(): Promise<RetentionRun | undefined>;
  /** Stops the timer and waits for a run in progress to finish its batch. */
  stop(): Promise<void>;
}

/**
 * Runs {@link purgeExpiredData} every `everyMs` (never two at once), counting deleted rows in
 * `routewise_retention_deleted_total{table}` and logging each run that deleted something.
 */
export function startRetentionJob(deps: {
  readonly stores: Stores;
  readonly clock: () => number;
  readonly retentionDays: number;
  readonly logger: { info(msg: string, fields?: object): void; error(msg: string, fields?: object): void };
  readonly onDeleted?: (table: keyof PurgeCounts, rows: number) => void;
  readonly everyMs?: number;
}): RetentionJob {
  let stopped = false;
  let running: Promise<RetentionRun | undefined> | undefined;
  const runOnce = (): Promise<RetentionRun | undefined> =>
    (running ??= (async () => {
      try {
        if (stopped) return undefined;
        const run = await purgeExpiredData(deps.stores, deps.clock(), deps.retentionDays, {
          stopped: () => stopped,
        });
        const total = Object.values(run.deleted).reduce((a, b) => a + b, 0);
        if (total > 0) {
          for (const [table, rows] of Object.entries(run.deleted) as [keyof PurgeCounts, number][]) {
            if (rows > 0) deps.onDeleted?.(table, rows);
          }
          deps.logger.info('retention purge', { olderThanDays: deps.retentionDays, ...run.deleted, more: run.more });
        }
        return run;
      } catch (err) {
        if (!stopped) deps.logger.error('retention purge failed', { error: String(err) });
        return undefined;
      } finally {
        running = undefined;
      }
    })());
  const timer = setInterval(() => void runOnce(), deps.everyMs ?? RETENTION_EVERY_MS);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
