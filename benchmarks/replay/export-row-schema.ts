import { z } from 'zod';
import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import {
  actionField,
  countryField,
  fraudScoreField,
  nonNegativeNumber,
  numberIn,
  operatorField,
  probabilitiesField,
  propensityField,
  providerField,
  routeClassField,
  windowField,
} from './field-schemas.js';

const text = (max: number) =>
  z
    .string({ error: `must be a string of 1-${max} characters` })
    .min(1, { error: `must be a string of 1-${max} characters` })
    .max(max, { error: `must be a string of 1-${max} characters` });
const bool = z.boolean({ error: 'must be true or false' });

/**
 * One line of the service's decision export (`GET /v1/export/decisions`): a
 * {@link DecisionRecord} as JSON. Strict about types (the service wrote it) but checks the
 * same invariants as the CSV format: segment matches the context, the propensity is the
 * logged provider's entry of the probability vector, an outcome is internally consistent.
 */
export const exportRowSchema = z
  .object({
    attemptId: text(128),
    verificationId: text(128),
    attemptNumber: numberIn(1, 1000, { integer: true }),
    at: numberIn(0, Number.MAX_SAFE_INTEGER),
    context: z.object(
      {
        country: countryField,
        operator: operatorField,
        routeClass: routeClassField,
        action: actionField,
        tenant: text(128),
        fraudScore: fraudScoreField,
        windowMs: windowField,
      },
      { error: 'must be an object' },
    ),
    segment: text(200),
    provider: providerField,
    propensity: propensityField.nullable(),
    probabilities: probabilitiesField.nullable(),
    policy: text(64),
    policyVersion: text(128),
    rewardVersion: text(64),
    outcome: z
      .object(
        {
          accepted: bool,
          delivered: bool,
          completed: bool,
          latencyMs: nonNegativeNumber,
          cost: nonNegativeNumber,
          signalMs: nonNegativeNumber.optional(),
        },
        { error: 'must be an object or null' },
      )
      .nullable(),
    reward: numberIn(0, 1).nullable(),
  })
  .superRefine((r, ctx) => {
    const expected = segmentKey(r.context);
    if (r.segment !== expected)
      ctx.addIssue({ code: 'custom', path: ['segment'], message: `must be "${expected}" for this context` });
    if (r.outcome && !r.outcome.accepted && (r.outcome.delivered || r.outcome.completed)) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'cannot be delivered or completed when not accepted',
      });
    }
    if (r.probabilities !== null) {
      const p = r.probabilities[r.provider];
      if (p === undefined || p <= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['probabilities'],
          message: `must give the logged provider "${r.provider}" a positive probability`,
        });
      else if (r.propensity !== null && Math.abs(p - r.propensity) > 1e-6)
        ctx.addIssue({
          code: 'custom',
          path: ['propensity'],
          message: `must equal probabilities["${r.provider}"] = ${p}`,
        });
    }
  });

/** A validated export row is a DecisionRecord; a missing propensity is taken from the vector. */
export function exportRowToRecord(row: z.output<typeof exportRowSchema>): DecisionRecord {
  return { ...row, propensity: row.propensity ?? row.probabilities?.[row.provider] ?? null };
}
