import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

export type RequestWithId = Request & { id: string };

const DELIBERATE = Symbol('deliberate 5xx');

/**
 * Marks a 5xx answer as one the service chose (an `AppError` such as 503
 * `no_provider_available` while every route is ejected), not a fault: its request line is
 * logged at warn, so error lines (what operators alert on) stay for unhandled failures.
 */
export function markDeliberate(res: Response): void {
  (res.locals as Record<symbol, unknown>)[DELIBERATE] = true;
}

/**
 * Gives every request an id (echoed as `X-Request-Id`, included in problem responses) and
 * writes one log line when the response finishes: error for a 5xx that was not
 * {@link markDeliberate marked deliberate}, warn for one that was, debug otherwise. Never logs
 * bodies or query strings: they can hold phone numbers and codes.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    (req as RequestWithId).id = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = { requestId: id, method: req.method, route: req.route?.path ?? req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode < 500) logger.debug('request', fields);
      else if ((res.locals as Record<symbol, unknown>)[DELIBERATE] === true) logger.warn('request', fields);
      else logger.error('request', fields);
    });
    next();
  };
}
