import { z } from 'zod';
import { MAX_WINDOW_MS, MIN_WINDOW_MS } from '../../engine/context/request-context.js';
import { ACTIONS, ROUTE_CLASSES } from '../../engine/types.js';

/**
 * zod building blocks shared by the trace row schemas. Every rule carries one message that
 * reads after the field name ("fraud_score must be a number in [0, 1]"), so a failed row
 * becomes `line 17: fraud_score must be a number in [0, 1], got "abc"`.
 * CSV cells arrive as strings, JSONL values as JSON types; both are accepted.
 */

function blankToUndefined(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

function toNumber(v: unknown): unknown {
  const b = blankToUndefined(v);
  if (typeof b === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(b.trim())) return Number(b);
  return b;
}

/** A finite number in [min, max]; `integer` and exclusive lower bound on request. */
export function numberIn(min: number, max: number, options: { integer?: boolean; minExclusive?: boolean } = {}) {
  const what = options.integer ? 'an integer' : 'a number';
  const error = `must be ${what} in ${options.minExclusive ? '(' : '['}${min}, ${max}]`;
  return z.preprocess(
    toNumber,
    z
      .number({ error })
      .refine(
        (v) => (options.minExclusive ? v > min : v >= min) && v <= max && (!options.integer || Number.isInteger(v)),
        { error },
      ),
  );
}

export const nonNegativeNumber = numberIn(0, Number.MAX_VALUE);

/** true/false, 1/0, yes/no (case-insensitive) or a JSON boolean. */
export const booleanField = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b === 1 ? true : b === 0 ? false : b;
    const t = b.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes') return true;
    if (t === 'false' || t === '0' || t === 'no') return false;
    return b;
  },
  z.boolean({ error: 'must be true/false or 1/0' }),
);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const TIMESTAMP_ERROR = 'must be an ISO 8601 date-time with a time zone (2024-05-01T12:00:00Z) or epoch milliseconds';

/** ISO 8601 with an explicit zone (a zone-less time would be read in the machine's zone) or epoch ms. */
export const timestampField = z.preprocess(
  (v) => {
    const b = toNumber(v);
    if (typeof b !== 'string' || !ISO_DATE_TIME.test(b.trim())) return b;
    return Date.parse(b.trim().replace(' ', 'T'));
  },
  z.number({ error: TIMESTAMP_ERROR }).refine((v) => Number.isFinite(v) && v >= 0, { error: TIMESTAMP_ERROR }),
);

export const countryField = z
  .string({ error: 'must be an ISO 3166-1 alpha-2 code such as "DE"' })
  .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code such as "DE"' });

export const operatorField = z
  .string({ error: 'must be an MCC-MNC such as "262-01" or "unknown"' })
  .regex(/^(\d{3}-\d{2,3}|unknown)$/, { error: 'must be an MCC-MNC such as "262-01" or "unknown"' });

export const routeClassField = z.enum(ROUTE_CLASSES, { error: `must be one of ${ROUTE_CLASSES.join(', ')}` });
export const actionField = z.enum(ACTIONS, { error: `must be one of ${ACTIONS.join(', ')}` });
export const fraudScoreField = numberIn(0, 1);
export const windowField = numberIn(MIN_WINDOW_MS, MAX_WINDOW_MS, { integer: true });

const PROVIDER_ERROR = 'must be a provider id of 1-64 characters without spaces';
export const providerField = z.string({ error: PROVIDER_ERROR }).regex(/^\S{1,64}$/, { error: PROVIDER_ERROR });
export const propensityField = numberIn(0, 1, { minExclusive: true });

const PROBABILITIES_ERROR = 'must be a JSON object of provider -> probability in [0, 1] summing to 1';
/** Probability vector; CSV cells hold it as a JSON string. Sum checked to 1e-6. */
export const probabilitiesField = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b;
    try {
      return JSON.parse(b) as unknown;
    } catch {
      return b;
    }
  },
  z
    .record(z.string(), z.number(), { error: PROBABILITIES_ERROR })
    .refine(
      (p) =>
        Object.values(p).every((x) => x >= 0 && x <= 1) &&
        Math.abs(Object.values(p).reduce((a, x) => a + x, 0) - 1) <= 1e-6,
      {
        error: PROBABILITIES_ERROR,
      },
    ),
);

/** An optional field: blank CSV cells and JSON null count as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : blankToUndefined(v)), schema.optional());
}

/** `"abc"` for strings, the JSON text otherwise, `nothing` when absent. */
export function describeValue(v: unknown): string {
  if (v === undefined || (typeof v === 'string' && v.trim() === '')) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One row-level validation error, already formatted for people. */
export interface RowError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** Turns zod issues into `line N: field message, got value` errors; `raw` is looked up by path. */
export function rowErrors(line: number, issues: readonly z.core.$ZodIssue[], raw: unknown): RowError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const field = path.join('.') || 'row';
    let value: unknown = raw;
    for (const key of path)
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    const got = path.length > 0 ? `, got ${describeValue(value)}` : '';
    return { line, field, message: `line ${line}: ${field} ${issue.message}${got}` };
  });
}
