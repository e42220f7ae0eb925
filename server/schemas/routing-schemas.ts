import { z } from 'zod';
import { ROUTE_CLASSES } from '../../engine/types.js';
import { InstantParam, IsoTime } from './common-schemas.js';

export const BreakerStateEnum = z.enum(['closed', 'open', 'half-open']);

/** Segment keys are `country:operator:routeClass`, e.g. `DE:262-01:standard`. */
export const SegmentKey = z
  .string()
  .regex(/^[A-Z*]{1,2}:[0-9A-Za-z*-]{1,16}:[a-z*]{1,10}$/, 'must be a segment key such as DE:262-01:standard');

const Estimate = z.object({ mean: z.number(), lower: z.number(), upper: z.number(), n: z.number() });

export const SegmentsResponse = z.object({
  at: IsoTime,
  segments: z.array(
    z.object({
      segment: z.string(),
      country: z.string(),
      operator: z.string(),
      routeClass: z.enum(ROUTE_CLASSES),
      providers: z.array(
        z.object({
          provider: z.string(),
          probability: z
            .number()
            .nullable()
            .describe('last logged selection probability; null before the first decision'),
          estimate: Estimate,
          cost: z
            .number()
            .nullable()
            .describe('moving mean cost per settled attempt in this segment (USD); null before the first'),
          health: z.record(z.string(), z.unknown()).nullable(),
          breaker: z.object({
            state: BreakerStateEnum,
            ejections: z.number(),
            consecutiveFailures: z.number(),
            ejectedUntil: z.number().optional(),
          }),
        }),
      ),
    }),
  ),
});

export const HistoryQuery = z.strictObject({
  segment: SegmentKey,
  from: InstantParam.optional(),
  to: InstantParam.optional(),
});

export const HistoryPoint = z.object({
  at: IsoTime,
  provider: z.string(),
  probability: z.number(),
  mean: z.number(),
  lower: z.number(),
  upper: z.number(),
  n: z.number(),
  completionRate: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP90Ms: z.number().nullable(),
  timeoutRate: z.number().nullable(),
  cost: z.number().nullable(),
  breaker: BreakerStateEnum,
});

export const RoutingEventView = z.object({
  at: IsoTime,
  kind: z.enum(['breaker', 'change', 'config']),
  segment: z.string().nullable(),
  provider: z.string().nullable(),
  detail: z.unknown(),
});

export const CoefficientView = z
  .object({
    at: IsoTime,
    provider: z.string(),
    values: z.record(z.string(), z.number()).describe('coefficient theta_hat of each feature of the contextual model'),
  })
  .describe("a contextual policy's per-feature coefficients for one provider at one snapshot");

export const HistoryResponse = z.object({
  segment: z.string(),
  from: IsoTime,
  to: IsoTime,
  /** True when the points were thinned to the point limit. */
  downsampled: z.boolean(),
  points: z.array(HistoryPoint),
  events: z.array(RoutingEventView),
  coefficients: z
    .array(CoefficientView)
    .describe(
      'by time then provider, at the same snapshot times as points; empty unless the policy is contextual (linear-ts, linucb)',
    ),
});

export const AttemptIdParams = z.strictObject({
  attemptId: z.string().regex(/^at_[A-Za-z0-9_-]{10,40}$/, 'must be an attempt id'),
});

export const DecisionView = z.object({
  attemptId: z.string(),
  verificationId: z.string(),
  seq: z.number().int(),
  at: IsoTime,
  segment: z.string(),
  country: z.string(),
  operator: z.string(),
  routeClass: z.enum(ROUTE_CLASSES),
  action: z.string(),
  provider: z.string(),
  propensity: z.number(),
  probabilities: z.record(z.string(), z.number()),
  scores: z.record(z.string(), z.number()),
  policy: z.string(),
  policyVersion: z.string(),
  rewardVersion: z.string(),
  explanation: z.unknown(),
  outcome: z.object({
    status: z.string(),
    acceptedAt: IsoTime.nullable(),
    receiptAt: IsoTime.nullable(),
    completedAt: IsoTime.nullable(),
    completed: z.boolean(),
    cost: z.number(),
    errorClass: z.string().nullable(),
    settled: z.boolean(),
    reward: z.number().nullable(),
  }),
});

export const RecentQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const RecentResponse = z.object({
  verifications: z.array(
    z.object({
      id: z.string(),
      createdAt: IsoTime,
      status: z.string(),
      finishReason: z.string().nullable(),
      segment: z.string(),
      country: z.string(),
      operator: z.string(),
      routeClass: z.enum(ROUTE_CLASSES),
      action: z.string(),
      attempts: z.array(
        z.object({
          id: z.string(),
          seq: z.number().int(),
          provider: z.string(),
          status: z.string(),
          startedAt: IsoTime,
          propensity: z.number(),
          completed: z.boolean(),
          cost: z.number(),
          errorClass: z.string().nullable(),
          reward: z.number().nullable(),
        }),
      ),
      transitions: z.array(z.object({ at: IsoTime, from: z.string(), to: z.string().nullable(), reason: z.string() })),
    }),
  ),
});

export const CompletionModelResponse = z.object({
  at: IsoTime,
  halfLifeMs: z.number(),
  minSamples: z.number().describe('discounted attempts a delay bucket needs before its rate is used'),
  buckets: z
    .array(
      z.object({
        fromMs: z.number(),
        toMs: z.number().nullable().describe('null for the last bucket'),
        attempts: z.number().describe('discounted attempts whose code landed this long after the request'),
        completionRate: z.number().nullable().describe('their completion rate; null while thin'),
      }),
    )
    .describe('completion rate by the time from the request to the first sign the code landed'),
  calibration: z
    .array(
      z.object({
        country: z.string(),
        provider: z.string(),
        predicted: z.number().describe('discounted completions its landing signals predicted'),
        completed: z.number().describe('discounted completions observed'),
        ratio: z.number().describe('factor applied to its learning rewards: 1 unless they disagree by > 4 sd'),
      }),
    )
    .describe('per country and provider: does what its receipts say match what users do?'),
});
