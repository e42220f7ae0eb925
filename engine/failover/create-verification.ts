import type { VerificationState } from './verification-state.js';

/** Allowed range of `maxAttempts` (sends per verification, DESIGN.md "retry bounds"). */
export const MAX_ATTEMPTS_RANGE = { min: 1, max: 5 } as const;
/** Allowed range of `maxChecks` (code entries per verification before `max_checks`). */
export const MAX_CHECKS_RANGE = { min: 1, max: 10 } as const;

export interface CreateVerificationInput {
  readonly id: string;
  /** Epoch ms from the driver's clock. */
  readonly createdAt: number;
  /** Window length, ms; the verification expires at `createdAt + windowMs`. */
  readonly windowMs: number;
  readonly maxAttempts: number;
  readonly maxChecks: number;
  /** Destination country (ISO 3166-1 alpha-2) copied into reward outcomes; '' when unknown. */
  readonly country?: string;
}

function checkIntegerIn(name: string, value: number, range: { readonly min: number; readonly max: number }): void {
  if (!(Number.isInteger(value) && value >= range.min && value <= range.max)) {
    throw new RangeError(`${name} must be an integer in [${range.min}, ${range.max}], got ${String(value)}`);
  }
}

/**
 * Initial state of a verification: `pending`, no attempts, no checks, nothing routing.
 * Feed it `verification.started` to begin.
 * @throws TypeError when `id` is empty, `createdAt` is not finite or `country` is not a string
 * @throws RangeError when `windowMs` is not a finite number > 0, `maxAttempts` not an integer
 *   in [1, 5] or `maxChecks` not an integer in [1, 10]
 */
export function createVerification(input: CreateVerificationInput): VerificationState {
  const { id, createdAt, windowMs, maxAttempts, maxChecks, country = '' } = input;
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('id must be a non-empty string');
  if (!Number.isFinite(createdAt))
    throw new TypeError(`createdAt must be finite epoch milliseconds, got ${String(createdAt)}`);
  if (!(Number.isFinite(windowMs) && windowMs > 0)) {
    throw new RangeError(`windowMs must be a finite number > 0, got ${String(windowMs)}`);
  }
  checkIntegerIn('maxAttempts', maxAttempts, MAX_ATTEMPTS_RANGE);
  checkIntegerIn('maxChecks', maxChecks, MAX_CHECKS_RANGE);
  if (typeof country !== 'string') throw new TypeError('country must be a string');
  return {
    id,
    status: 'pending',
    createdAt,
    expiresAt: createdAt + windowMs,
    maxAttempts,
    maxChecks,
    checks: 0,
    attempts: [],
    routing: false,
    // Present from the start (undefined until finished) so that every state of a verification
    // has the same shape and the reducer's copies stay on V8's fast object-clone path.
    finishReason: undefined,
    finishedAt: undefined,
    country,
  };
}
