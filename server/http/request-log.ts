import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

export type RequestWithId = Request & { id: string };

/**
 * Gives every request an id (echoed as `X-Request-Id`, included in problem responses) and
 * writes one log line when the response finishes. Never logs bodies or query strings: they
 * can hold phone numbers and codes.
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
      if (res.statusCode >= 500) logger.error('request', fields);
      else logger.debug('request', fields);
    });
    next();
  };
}
