import { z } from 'zod';
import { ANALYTICS_GROUPS } from '../../db/stores/analytics-store.js';
import { InstantParam, IsoTime } from './common-schemas.js';

export const SummaryQuery = z.strictObject({
  from: InstantParam.optional(),
  to: InstantParam.optional(),
  groupBy: z.enum(ANALYTICS_GROUPS).default('country'),
});

const Metrics = {
  verifications: z.number().int(),
  finished: z.number().int(),
  completed: z.number().int(),
  completionRate: z.number().nullable().describe('completed / finished'),
  timeToVerifyP50Ms: z.number().nullable(),
  timeToVerifyP95Ms: z.number().nullable(),
  timeToVerifyP99Ms: z.number().nullable(),
  fallbackRate: z.number().nullable().describe('share of finished verifications that needed more than one attempt'),
  attemptsPerVerification: z.number().nullable().describe('attempts per finished verification'),
  costPerCompletion: z
    .number()
    .nullable()
    .describe('attempt cost of finished verifications / completed (pending ones are left out until they end)'),
  failed: z.number().int(),
  failureShare: z.number().nullable().describe('failed here / failed in the whole range (failure concentration)'),
  firstAt: IsoTime.nullable().describe(
    'creation time of the earliest verification counted here; null when there is none (so a rate per minute can be taken over the span with traffic, not the whole range)',
  ),
};

export const SummaryRow = z.object({ key: z.string(), ...Metrics });

export const SummaryResponse = z.object({
  from: IsoTime,
  to: IsoTime,
  groupBy: z.enum(ANALYTICS_GROUPS),
  rows: z.array(SummaryRow),
  totals: z.object(Metrics),
});

export const TimeseriesQuery = z.strictObject({
  from: InstantParam.optional(),
  to: InstantParam.optional(),
  bucket: z.coerce.number().int().min(10).max(86_400).default(60).describe('bucket width, seconds'),
});

export const TimeseriesPoint = z.object({
  at: IsoTime.describe('bucket start'),
  verifications: z.number().int(),
  completed: z.number().int(),
  completionRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  fallbackRate: z.number().nullable().describe('as in the summary: over finished verifications'),
  costPerCompletion: z.number().nullable().describe('as in the summary: finished verifications\' cost / completed'),
});

export const TimeseriesResponse = z.object({
  from: IsoTime,
  to: IsoTime,
  bucketSeconds: z.number().int(),
  points: z.array(TimeseriesPoint),
});

export const ExportQuery = z.strictObject({ from: InstantParam.optional(), to: InstantParam.optional() });

/** One JSON line of the decision export (engine/decision-record.ts). */
export const DecisionRecordLine = z.object({
  attemptId: z.string(),
  verificationId: z.string(),
  attemptNumber: z.number().int(),
  at: z.number().describe('epoch ms of the decision'),
  context: z.object({
    country: z.string(),
    operator: z.string(),
    routeClass: z.string(),
    action: z.string(),
    tenant: z.string(),
    fraudScore: z.number(),
    windowMs: z.number(),
  }),
  segment: z.string(),
  provider: z.string(),
  propensity: z.number().nullable(),
  probabilities: z.record(z.string(), z.number()).nullable(),
  policy: z.string(),
  policyVersion: z.string(),
  rewardVersion: z.string(),
  outcome: z
    .object({
      accepted: z.boolean(),
      delivered: z.boolean(),
      completed: z.boolean(),
      latencyMs: z.number(),
      cost: z.number(),
      signalMs: z
        .number()
        .optional()
        .describe(
          'ms from the request to the first sign the code landed (a delivered receipt within the attempt budget, or the completion); absent when there was none',
        ),
    })
    .nullable(),
  reward: z.number().nullable(),
});
