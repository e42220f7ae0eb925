import type Database from 'better-sqlite3';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit over one better-sqlite3 connection: every unit of work that runs in one turn
 * of the event loop joins one SQLite transaction (a batch), committed once, in `setImmediate`
 * after that turn. Each unit is a savepoint of the batch, so it still commits or rolls back
 * as a whole: a unit that throws is undone alone and the batch goes on. Under load a batch
 * holds the work of every request that arrived together, and each commit writes the pages
 * they share (table and index pages) to the WAL once instead of once per request.
 *
 * The price is that a unit's COMMIT comes after the unit returns: anything a caller does
 * that the outside world can see (an HTTP answer, a provider send, learning) must wait for
 * {@link GroupCommit.committed}. Writes made outside {@link GroupCommit.run} while a batch is
 * open join it; with no batch open they commit on their own, as before.
 *
 * If the COMMIT fails, or SQLite rolled the whole batch back on its own (SQLITE_FULL,
 * SQLITE_IOERR), every waiter of the batch is rejected, so nothing that relied on it is
 * acknowledged or sent, and `onError` is told.
 */
export class GroupCommit {
  #open = false;
  #waiters: Waiter[] = [];
  readonly #flush = (): void => this.flush();
  /** One better-sqlite3 transaction function for every unit: building one per call was ~2% of the server's busy time under bench:http. */
  readonly #unit: (fn: () => unknown) => unknown;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.#unit = sqlite.transaction((fn: () => unknown) => fn());
  }

  /** Whether a batch is open (work done whose COMMIT is still to come). */
  get pending(): boolean {
    return this.#open;
  }

  /** Runs `fn` as a savepoint of the current batch, opening one (and scheduling its COMMIT) if none is open. */
  run<T>(fn: () => T): T {
    if (!this.#open || !this.sqlite.inTransaction) this.#begin();
    return this.#unit(fn) as T;
  }

  /** Resolves once everything written so far is committed (at once when no batch is open); rejects if that batch fails. */
  committed(): Promise<void> {
    if (!this.#open) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Commits the open batch now (shutdown, before closing the connection); a no-op when none is open. */
  flush(): void {
    if (!this.#open) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#open = false;
    try {
      if (!this.sqlite.open) throw new Error('the database was closed before the batch was committed (call flush first)');
      if (!this.sqlite.inTransaction) throw new Error('SQLite rolled the batch back');
      this.sqlite.exec('COMMIT');
    } catch (error) {
      this.#fail(waiters, error);
      return;
    }
    for (const w of waiters) w.resolve();
  }

  #begin(): void {
    // A batch marked open without a transaction was rolled back by SQLite: fail its waiters first.
    if (this.#open) {
      const waiters = this.#waiters;
      this.#waiters = [];
      this.#fail(waiters, new Error('SQLite rolled the batch back'));
    }
    this.sqlite.exec('BEGIN');
    this.#open = true;
    setImmediate(this.#flush);
  }

  #fail(waiters: readonly Waiter[], error: unknown): void {
    if (this.sqlite.open && this.sqlite.inTransaction) {
      try {
        this.sqlite.exec('ROLLBACK');
      } catch {
        // Nothing left to undo.
      }
    }
    for (const w of waiters) w.reject(error);
    this.onError(error);
  }
}
