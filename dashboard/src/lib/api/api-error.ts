/** One field-level validation issue of a 422 problem response. */
export interface ProblemIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A failed API request, carrying the RFC 9457 problem details the server sent (code, detail,
 * request id, field issues) or, for network failures and non-problem bodies, a synthesized code.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId?: string,
    readonly issues: readonly ProblemIssue[] = [],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiError';
  }

  /** One line for people: "403 forbidden — admin scope required (request 9f2…)". */
  get display(): string {
    const status = this.status > 0 ? `${this.status} ` : '';
    const id = this.requestId ? ` (request ${this.requestId})` : '';
    return `${status}${this.code} — ${this.detail}${id}`;
  }
}

function isIssue(v: unknown): v is ProblemIssue {
  return typeof v === 'object' && v !== null && typeof (v as ProblemIssue).path === 'string' && typeof (v as ProblemIssue).message === 'string';
}

/** Builds an ApiError from a parsed problem body (or anything else the server sent). */
export function problemToError(status: number, body: unknown, fallbackDetail: string): ApiError {
  if (typeof body === 'object' && body !== null) {
    const p = body as Record<string, unknown>;
    const code = typeof p.code === 'string' ? p.code : typeof p.title === 'string' ? p.title : `http_${status}`;
    const detail = typeof p.detail === 'string' ? p.detail : fallbackDetail;
    const requestId = typeof p.requestId === 'string' ? p.requestId : undefined;
    const issues = Array.isArray(p.issues) ? p.issues.filter(isIssue) : [];
    return new ApiError(status, code, detail, requestId, issues);
  }
  return new ApiError(status, `http_${status}`, fallbackDetail);
}

/** Any thrown value as an ApiError, so the UI always has something to show. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Error) return new ApiError(0, err.name === 'AbortError' ? 'aborted' : 'network_error', err.message);
  return new ApiError(0, 'network_error', String(err));
}
