import { z } from 'zod';
import { ACTIONS } from '../../engine/types.js';
import { CountryCode, countryKeyed, IsoTime } from './common-schemas.js';

const nonNegative = z.number().min(0).max(1_000_000);
const positive = z.number().positive().max(1_000_000);

export const RewardWeightsBody = z.strictObject({
  completion: positive,
  latency: nonNegative,
  cost: nonNegative,
  referencePrice: positive.describe('USD at which the cost term reaches 0'),
  referencePrices: z
    .record(CountryCode, positive, countryKeyed)
    .refine((r) => Object.keys(r).length <= 300, 'must have at most 300 countries')
    .default({}),
});

export const RewardConfigBody = z.strictObject({
  version: z.string().max(64).optional().describe('ignored: the server assigns the next version'),
  weights: RewardWeightsBody,
  overrides: z
    .array(
      z.strictObject({
        tenant: z.string().min(1).max(64).optional(),
        action: z.enum(ACTIONS).optional(),
        weights: RewardWeightsBody,
      }),
    )
    .max(100)
    .default([]),
});
export type RewardConfigBody = z.infer<typeof RewardConfigBody>;

export const RoutingTableBody = z.strictObject({
  version: z.string().max(64).optional().describe('ignored: the server assigns the next version'),
  countries: z
    .record(
      CountryCode,
      z
        .array(
          z.strictObject({
            provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a provider id'),
            premium: z.boolean(),
            standard: z.boolean().optional(),
          }),
        )
        .min(1)
        .max(32),
      countryKeyed,
    )
    .refine((c) => Object.keys(c).length >= 1, 'must list at least one country')
    .refine((c) => Object.keys(c).length <= 300, 'must have at most 300 countries'),
});
export type RoutingTableBody = z.infer<typeof RoutingTableBody>;

const VersionInfo = z.object({
  version: z.string().describe('the version decisions log, e.g. reward-3'),
  createdAt: IsoTime,
  createdBy: z.string().describe('API key id of the admin, or "system"'),
  active: z.boolean(),
});

/** GET and PUT answer: the active version with its body, and every version newest first (the audit trail). */
export const configView = <T extends z.ZodType>(body: T) => VersionInfo.extend({ body, history: z.array(VersionInfo) });

/** One stored version with its body (`GET /v1/config/{kind}/versions/{version}`). */
export const configVersionView = <T extends z.ZodType>(body: T) => VersionInfo.extend({ body });

/** Path of one stored version: `/v1/config/routing/versions/routing-2`. */
export const ConfigVersionParams = z.strictObject({
  version: z.string().regex(/^(reward|routing)-[1-9]\d{0,8}$/, 'must be a config version such as "routing-2"'),
});

/** What-if weights: any subset of the fields, laid over the active weights (no defaults here, so an omitted field keeps its active value). */
export const WhatIfBody = z.strictObject({
  weights: z
    .strictObject({
      completion: positive.optional(),
      latency: nonNegative.optional(),
      cost: nonNegative.optional(),
      referencePrice: positive.optional().describe('USD at which the cost term reaches 0'),
      referencePrices: z
        .record(CountryCode, positive, countryKeyed)
        .refine((r) => Object.keys(r).length <= 300, 'must have at most 300 countries')
        .optional()
        .describe('replaces the active per-country prices when given'),
    })
    .refine((w) => Object.keys(w).length > 0, 'must set at least one weight')
    .describe('fields override the active reward weights'),
});

const WhatIfSide = z.object({
  completionRate: z.number(),
  meanLatencyMs: z.number().nullable().describe('completion-weighted time to completion; null when nothing completes'),
  costPerCompletion: z.number().nullable().describe('null when nothing completes'),
  meanReward: z.number().describe('mean reward per attempt under the proposed weights'),
  shares: z.record(z.string(), z.number()).describe('share of attempts per provider'),
});

export const WhatIfResponse = z.object({
  sampleSize: z.number().int().describe('settled logged attempts evaluated'),
  from: IsoTime,
  to: IsoTime,
  policy: z.string(),
  baseline: WhatIfSide.describe('the policy trained on the log under the active weights'),
  proposed: WhatIfSide.describe('the same policy trained under the proposed weights'),
});
