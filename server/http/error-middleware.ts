import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { isAnswered } from './after-commit.js';
import { AppError } from './app-error.js';
import { markDeliberate } from './request-log.js';

export const PROBLEM_JSON = 'application/problem+json';

function requestId(req: Request): string {
  return (req as Request & { id?: string }).id ?? 'unknown';
}

/** Body-parser and other framework errors carry a `type` and `status`; map them to stable codes. */
function fromFramework(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { type?: string; status?: number; message?: string };
  switch (e.type) {
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'request body exceeds 100 kB');
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_json', 'request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_encoding', 'request body encoding is not supported');
    case 'request.aborted':
      return new AppError(400, 'request_aborted', 'request was aborted by the client');
    default:
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        return new AppError(e.status, 'bad_request', e.message ?? 'bad request');
      }
      return undefined;
  }
}

/** RFC 9457 problem details with the request id, which also appears in the log line. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromFramework(err);
    const id = requestId(req);
    if (!appError) {
      logger.error('unhandled error', { requestId: id, method: req.method, path: req.path, error: String(err?.stack ?? err) });
    } else if (appError.status >= 500) {
      // `problem`, not `code`: the logger redacts fields named code (OTP codes).
      logger.warn('request failed', { requestId: id, status: appError.status, problem: appError.code });
      markDeliberate(res);
    }
    const status = appError?.status ?? 500;
    const problem = {
      type: `https://routewise.dev/problems/${appError?.code ?? 'internal_error'}`,
      title: appError?.code ?? 'internal_error',
      status,
      detail: appError?.message ?? 'internal error',
      instance: req.originalUrl,
      code: appError?.code ?? 'internal_error',
      requestId: id,
      ...(appError?.extra ?? {}),
    };
    if (isAnswered(res)) return;
    for (const [k, v] of Object.entries(appError?.headers ?? {})) res.setHeader(k, v);
    res.status(status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};
