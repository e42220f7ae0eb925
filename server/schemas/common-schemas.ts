import { z } from 'zod';
import { countryCodeProblem } from '../../providers/phone-regions.js';
import { ValidationError } from '../http/app-error.js';

/** Latest representable epoch ms (ECMAScript's Date range). */
const MAX_EPOCH_MS = 8.64e15;

/** A point in time as a JSON body field: epoch milliseconds or an ISO 8601 date-time with offset. */
export const InstantField = z
  .union([z.number().int().min(0).max(MAX_EPOCH_MS), z.iso.datetime({ offset: true })], {
    error: 'must be epoch milliseconds or an ISO 8601 date-time',
  })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** A point in time as a query parameter: epoch milliseconds (digits) or an ISO 8601 date-time with offset. */
export const InstantParam = z
  .union([z.string().regex(/^\d{1,16}$/), z.iso.datetime({ offset: true })], {
    error: 'must be epoch milliseconds or an ISO 8601 date-time',
  })
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)))
  .refine((v) => v <= MAX_EPOCH_MS, 'is out of range');

/**
 * A country as configuration names it (routing table keys, reference prices, a tenant's geo
 * permission): ISO 3166-1 alpha-2, and one a phone number can resolve to, so that "UK" (for GB)
 * or "XX" is refused instead of stored as a country that never matches a verification.
 */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code such as "DE"', abort: true })
  .superRefine((code, ctx) => {
    const problem = countryCodeProblem(code);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Error option of a record keyed by {@link CountryCode}: zod says "Invalid key in record"; say why the key is bad. */
export const countryKeyed = {
  error: (issue: { code?: string; issues?: readonly { message?: string }[] }) =>
    issue.code === 'invalid_key' ? (issue.issues?.[0]?.message ?? 'keys must be ISO 3166-1 alpha-2 codes') : undefined,
};

/** `from` / `to` query parameters shared by the time-ranged admin reads. */
export const RangeQuery = z.strictObject({ from: InstantParam.optional(), to: InstantParam.optional() });

export interface RangeBounds {
  /** Range used when `from` is absent, ms back from `to`. */
  readonly defaultMs: number;
  /** Longest range accepted, ms. */
  readonly maxMs: number;
}

/**
 * Resolves an optional `[from, to)` against `now`: `to` defaults to now, `from` to
 * `to - defaultMs`. @throws ValidationError (422) when from >= to or the range exceeds maxMs
 */
export function resolveRange(
  q: { from?: number; to?: number },
  now: number,
  bounds: RangeBounds,
): { from: number; to: number } {
  const to = q.to ?? now;
  const from = q.from ?? to - bounds.defaultMs;
  if (from >= to) throw new ValidationError([{ path: 'from', message: 'must be earlier than to' }]);
  if (to - from > bounds.maxMs) {
    throw new ValidationError([{ path: 'from', message: `range must not exceed ${bounds.maxMs / 3_600_000} hours` }]);
  }
  return { from, to };
}

export const IsoTime = z.iso.datetime();

export const iso = (ms: number): string => new Date(ms).toISOString();

/** JSON has no NaN or Infinity: such values are reported as null. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
