import { z } from 'zod';
import { DEFAULT_REWARD_WEIGHTS } from '../../engine/reward/reward-weights.js';
import { ACTIONS, ROUTE_CLASSES } from '../../engine/types.js';

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"');
const operatorCode = z.string().regex(/^(\d{3}-\d{2,3}|unknown)$/, 'must be an MCC-MNC such as "262-01" or "unknown"');
const mccMnc = z.string().regex(/^\d{3}-\d{2,3}$/, 'must be an MCC-MNC such as "262-01"');
const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a provider id such as "sim-atlas"');
/** Relative weight; shares are normalised by their sum wherever they are used. */
const weight = z.number().positive().max(1e9);
const hour = z.number().min(0).max(24 * 366);
const probability = z.number().min(0).max(1);
const factor = z.number().positive().max(100);
const betaParams = z.strictObject({ alpha: z.number().positive().max(1000), beta: z.number().positive().max(1000) });

const operatorShare = z.union([
  weight,
  z.strictObject({ share: weight, fromHour: hour.optional(), toHour: hour.optional() }),
]);

const trafficSchema = z.strictObject({
  ratePerHour: z.number().positive().max(10_000_000),
  hourlyProfile: z.array(z.number().min(0).max(1000)).length(24).optional(),
  countries: z
    .record(countryCode, z.strictObject({ share: weight, operators: z.record(operatorCode, operatorShare).optional() }))
    .refine((c) => Object.keys(c).length > 0, 'must list at least one country'),
  unknownOperatorShare: probability.default(0),
  routeClasses: z
    .strictObject({ premium: z.number().min(0).default(0), standard: z.number().min(0).default(1) })
    .refine((r) => r.premium + r.standard > 0, 'premium + standard must be > 0')
    .prefault({}),
  actions: z
    .partialRecord(z.enum(ACTIONS), weight)
    .refine((a) => Object.keys(a).length > 0, 'must list at least one action')
    .default({ login: 1 }),
  windowMs: z.int().min(30_000).max(600_000).default(300_000),
  maxAttempts: z.int().min(1).max(5).default(3),
  maxChecks: z.int().min(1).max(10).default(3),
  fraudScore: betaParams.default({ alpha: 1, beta: 12 }),
  fraudulentShare: probability.default(0),
  fraudulentScore: betaParams.default({ alpha: 4, beta: 4 }),
  bursts: z
    .array(z.strictObject({ startHour: hour, endHour: hour, multiplier: factor, country: countryCode.optional() }))
    .default([]),
  attacks: z
    .array(
      z.strictObject({
        startHour: hour,
        endHour: hour,
        ratePerHour: z.number().positive().max(10_000_000),
        countries: z.record(countryCode, weight),
        /** National-number prefix every attack number starts with (pumpers target ranges they profit from). */
        prefix: z.string().regex(/^\d{1,8}$/, 'must be digits').optional(),
      }),
    )
    .default([]),
});

const effectSchema = z
  .strictObject({
    acceptanceFactor: z.number().min(0).max(100).optional(),
    deliveryFactor: z.number().min(0).max(100).optional(),
    latencyFactor: factor.optional(),
    silent: z.boolean().optional(),
  })
  .refine((e) => Object.keys(e).length > 0, 'must change at least one of acceptanceFactor, deliveryFactor, latencyFactor, silent');

const worldSchema = z.strictObject({
  base: z.literal('default').default('default'),
  countries: z.array(countryCode).min(1).optional(),
  providers: z.array(providerId).min(1).optional(),
  addOperators: z
    .array(
      z.strictObject({
        country: countryCode,
        mccMnc,
        name: z.string().min(1).max(64),
        share: weight,
        prefixes: z.array(z.string().regex(/^\d{1,10}$/, 'must be digits')).min(1),
      }),
    )
    .default([]),
  coverage: z
    .array(
      z.strictObject({
        provider: providerId,
        country: countryCode,
        operator: mccMnc.optional(),
        covered: z.boolean().optional(),
        acceptance: probability.optional(),
        delivery: probability.optional(),
        latencyMedianMs: z.number().positive().max(3_600_000).optional(),
        latencySigma: z.number().min(0).max(3).optional(),
        priceFactor: z.number().min(0.3).max(3).optional(),
        routeClasses: z.array(z.enum(ROUTE_CLASSES)).min(1).optional(),
      }),
    )
    .default([]),
  providerSettings: z
    .array(
      z.strictObject({
        provider: providerId,
        capacityPerSecond: z.number().positive().max(1_000_000).optional(),
        maxQueueMs: z.number().min(0).max(3_600_000).optional(),
        receiptLoss: probability.optional(),
      }),
    )
    .default([]),
  timeOfDay: z
    .array(
      z.strictObject({
        provider: providerId,
        country: z.union([countryCode, z.literal('*')]),
        fromHour: z.int().min(0).max(23),
        toHour: z.int().min(0).max(24),
        effect: effectSchema,
      }),
    )
    .default([]),
});

const incidentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a short kebab-case id').optional(),
  provider: providerId,
  country: countryCode,
  operator: mccMnc.optional(),
  routeClass: z.enum(ROUTE_CLASSES).optional(),
  startHour: hour,
  endHour: hour,
  effect: effectSchema,
});

const priceChangeSchema = z.strictObject({
  provider: providerId,
  country: countryCode,
  atHour: hour,
  priceFactor: z.number().positive().max(100),
});

const usersSchema = z.strictObject({
  /** Knots (delay from request to the code landing in ms, P(user still wants to enter it)); default providers' COMPLETION_CURVE. */
  completionCurve: z
    .array(z.tuple([z.number().min(0).max(3_600_000), probability]))
    .min(1)
    .refine((k) => k[0]?.[0] === 0, 'must start at delay 0')
    .refine((k) => k.every((knot, i) => i === 0 || knot[0] > (k[i - 1]?.[0] ?? -1)), 'delays must be strictly increasing')
    .optional(),
  /** Median ms to read and type the code once it landed; default providers' TYPING_MEDIAN_MS. */
  typingMedianMs: z.number().positive().max(600_000).optional(),
  typingSigma: z.number().min(0).max(3).optional(),
});

/** Weights default to the engine's, filled in before hashing: a weight given at its default value hashes the same as one left out. */
const rewardSchema = z.strictObject({
  completion: z.number().positive().max(1000).default(DEFAULT_REWARD_WEIGHTS.completion),
  latency: z.number().min(0).max(1000).default(DEFAULT_REWARD_WEIGHTS.latency),
  cost: z.number().min(0).max(1000).default(DEFAULT_REWARD_WEIGHTS.cost),
  referencePrice: z.number().positive().max(1000).default(DEFAULT_REWARD_WEIGHTS.referencePrice),
  referencePrices: z.union([z.literal('world'), z.record(countryCode, z.number().positive().max(1000))]).default('world'),
});

const routingSchema = z.union([
  z.strictObject({ order: z.enum(['industry-default', 'price']) }),
  z.strictObject({ table: z.record(countryCode, z.array(providerId).min(1)) }),
]);

/** The zod schema of a scenario file; README.md in benchmarks/ documents every field. */
export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be kebab-case, e.g. "regional-outage"'),
  description: z.string().min(1).max(4000),
  seeds: z.int().min(1).max(1000).default(10),
  durationHours: z.number().positive().max(24 * 366),
  start: z.iso.datetime().default('2026-01-05T00:00:00Z'),
  traffic: trafficSchema,
  world: worldSchema.prefault({}),
  incidents: z.array(incidentSchema).default([]),
  priceChanges: z.array(priceChangeSchema).default([]),
  users: usersSchema.prefault({}),
  reward: rewardSchema.prefault({}),
  routing: routingSchema.default({ order: 'industry-default' }),
});

/** A scenario as written in a file (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type TrafficSpec = Scenario['traffic'];
export type WorldSpec = Scenario['world'];
export type IncidentSpec = Scenario['incidents'][number];
export type UsersSpec = Scenario['users'];
