import { z } from 'zod';
import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import {
  actionField,
  booleanField,
  countryField,
  fraudScoreField,
  nonNegativeNumber,
  numberIn,
  operatorField,
  optional,
  probabilitiesField,
  propensityField,
  providerField,
  routeClassField,
  timestampField,
  windowField,
} from './field-schemas.js';

/** Columns every row of the documented CSV / JSONL trace format must have (README.md). */
export const REQUIRED_TRACE_COLUMNS = [
  'timestamp',
  'country',
  'operator',
  'route_class',
  'action',
  'fraud_score',
  'window_ms',
  'provider',
] as const;
/** Outcome columns: all present (settled attempt) or all blank (not settled yet). */
export const OUTCOME_COLUMNS = ['accepted', 'delivered', 'completed', 'latency_ms', 'cost'] as const;
export const OPTIONAL_TRACE_COLUMNS = [
  'propensity',
  'probabilities',
  'tenant',
  'verification_id',
  'attempt_number',
] as const;
/** Optional with an outcome: ms from the request to the first sign the code landed (ADR 0007). */
export const SIGNAL_COLUMN = 'signal_ms';
export const TRACE_COLUMNS = [
  ...REQUIRED_TRACE_COLUMNS,
  ...OPTIONAL_TRACE_COLUMNS,
  ...OUTCOME_COLUMNS,
  SIGNAL_COLUMN,
] as const;

const idField = z
  .string({ error: 'must be a string of 1-128 characters' })
  .min(1)
  .max(128, { error: 'must be a string of 1-128 characters' });

/** One row of another system's log, validated; see README.md "Trace format". */
export const traceRowSchema = z
  .object({
    timestamp: timestampField,
    country: countryField,
    operator: operatorField,
    route_class: routeClassField,
    action: actionField,
    fraud_score: fraudScoreField,
    window_ms: windowField,
    provider: providerField,
    propensity: optional(propensityField),
    probabilities: optional(probabilitiesField),
    tenant: optional(idField),
    verification_id: optional(idField),
    attempt_number: optional(numberIn(1, 1000, { integer: true })),
    accepted: optional(booleanField),
    delivered: optional(booleanField),
    completed: optional(booleanField),
    latency_ms: optional(nonNegativeNumber),
    cost: optional(nonNegativeNumber),
    signal_ms: optional(nonNegativeNumber),
  })
  .superRefine((row, ctx) => {
    const present = OUTCOME_COLUMNS.filter((c) => row[c] !== undefined);
    if (present.length > 0 && present.length < OUTCOME_COLUMNS.length) {
      for (const c of OUTCOME_COLUMNS.filter((col) => row[col] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [c],
          message: `is required when ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set (all outcome fields or none)`,
        });
      }
    }
    if (row.signal_ms !== undefined && present.length === 0)
      ctx.addIssue({ code: 'custom', path: ['signal_ms'], message: 'is only allowed with the outcome fields' });
    if (row.accepted === false && row.delivered === true)
      ctx.addIssue({ code: 'custom', path: ['delivered'], message: 'must be false when accepted is false' });
    if (row.accepted === false && row.completed === true)
      ctx.addIssue({ code: 'custom', path: ['completed'], message: 'must be false when accepted is false' });
    if (row.probabilities !== undefined) {
      const p = row.probabilities[row.provider];
      if (p === undefined || p <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['probabilities'],
          message: `must give the logged provider "${row.provider}" a positive probability`,
        });
      } else if (row.propensity !== undefined && Math.abs(p - row.propensity) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          path: ['propensity'],
          message: `must equal probabilities["${row.provider}"] = ${p}`,
        });
      }
    }
  });

export type TraceRow = z.output<typeof traceRowSchema>;

/**
 * Normalises a validated row into a {@link DecisionRecord}. Missing ids become `<source>:<line>`,
 * a missing tenant `"default"`, a missing propensity `probabilities[provider]` when the vector is
 * logged. `reward` stays null: offline evaluation re-scores outcomes with explicit weights.
 */
export function traceRowToRecord(row: TraceRow, line: number, source: string): DecisionRecord {
  const context = {
    country: row.country,
    operator: row.operator,
    routeClass: row.route_class,
    action: row.action,
    tenant: row.tenant ?? 'default',
    fraudScore: row.fraud_score,
    windowMs: row.window_ms,
  };
  const { accepted, delivered, completed, latency_ms: latencyMs, cost } = row;
  return {
    attemptId: `${source}:${line}`,
    verificationId: row.verification_id ?? `${source}:${line}`,
    attemptNumber: row.attempt_number ?? 1,
    at: row.timestamp,
    context,
    segment: segmentKey(context),
    provider: row.provider,
    propensity: row.propensity ?? row.probabilities?.[row.provider] ?? null,
    probabilities: row.probabilities ?? null,
    policy: 'external',
    policyVersion: 'unknown',
    rewardVersion: 'unknown',
    outcome:
      accepted !== undefined &&
      delivered !== undefined &&
      completed !== undefined &&
      latencyMs !== undefined &&
      cost !== undefined
        ? {
            accepted,
            delivered,
            completed,
            latencyMs,
            cost,
            ...(row.signal_ms !== undefined ? { signalMs: row.signal_ms } : {}),
          }
        : null,
    reward: null,
  };
}
