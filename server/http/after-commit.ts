import type { RequestHandler, Response } from 'express';
import type { Stores } from '../../db/stores/stores.js';
import type { Logger } from '../logger.js';

const ending = new WeakSet<Response>();

/** Whether `res` is answered: headers sent, or its end waiting for the commit. */
export function isAnswered(res: Response): boolean {
  return res.headersSent || ending.has(res);
}

/**
 * Holds every response back until the database work done so far is committed (the stores
 * group the transactions of one event-loop turn into one COMMIT; db/sqlite/group-commit.ts),
 * so nothing is acknowledged that a crash could still lose. Headers and streamed chunks go
 * out as written; only the end of the response waits. If the commit fails the connection is
 * destroyed instead of answered: the client sees a failed request, never a false success.
 * A second `end` while the first waits is ignored, and {@link isAnswered} already counts the
 * response as answered (so an error after it does not try to answer again).
 */
export function answerAfterCommit(stores: Stores, logger: Logger): RequestHandler {
  return (_req, res, next) => {
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      if (ending.has(this)) return this;
      ending.add(this);
      stores.committed().then(
        () => (end as (...a: unknown[]) => Response).apply(this, args),
        (error: unknown) => {
          logger.error('answer withheld: its work was not committed', { error: String(error) });
          this.destroy();
        },
      );
      return this;
    } as Response['end'];
    next();
  };
}
