/**
 * One error model at the HTTP edge (STYLE.md 5): every expected failure is an AppError
 * with an HTTP status and a stable machine-readable `code`, rendered as RFC 9457
 * `application/problem+json` by the error middleware.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(400, code, message, extra);
  }
}

export class ValidationError extends AppError {
  constructor(issues: readonly { path: string; message: string }[]) {
    super(422, 'validation_failed', issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '), { issues });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid credentials') {
    super(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'not found') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class UnprocessableError extends AppError {
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(code: string, message: string, retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(429, code, message, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}

export class UnavailableError extends AppError {
  constructor(code: string, message: string, retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(503, code, message, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}
