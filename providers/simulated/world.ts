import type { ProviderId, RouteClass } from '../../engine/types.js';

/**
 * The simulated carrier world as plain data: countries with their operators and number
 * ranges, fictional providers with coverage, quality, price and capacity, and scheduled
 * incidents. Validate with `validateWorld` before use; `DEFAULT_WORLD` is the embedded default.
 *
 * Number prefixes are national significant number (NSN) prefixes, i.e. without the
 * country calling code and without the trunk `0`. Mobile number portability makes any
 * prefix -> operator table approximate: a ported number keeps its original prefix.
 */
export interface World {
  readonly countries: readonly CountryDef[];
  readonly providers: readonly ProviderDef[];
  /** How the route class changes price, failure rate and latency, for every provider. */
  readonly routeClasses: Readonly<Record<RouteClass, RouteClassEffect>>;
  /** Scheduled incidents (absolute epoch ms). Runtime incidents are injected into the network. */
  readonly incidents: readonly Incident[];
}

export interface CountryDef {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly code: string;
  /** ITU-T E.164 country calling code, digits only (`"49"`). */
  readonly callingCode: string;
  /** Digits of a mobile NSN (default for operators without their own `numberLength`). */
  readonly numberLength: number;
  /** Fixed offset used for time-of-day effects (no DST; one zone per country). */
  readonly utcOffsetHours: number;
  /** Typical USD price of one standard-route SMS; providers apply their own factor. */
  readonly referencePrice: number;
  readonly operators: readonly OperatorDef[];
  /** NSN prefixes that are never valid subscriber numbers (e.g. Ofcom's drama range). */
  readonly invalidPrefixes: readonly string[];
}

export interface OperatorDef {
  /** MCC-MNC with a dash, `"262-01"`. */
  readonly mccMnc: string;
  readonly name: string;
  /** Relative market share, > 0; used to draw an operator for generated traffic. */
  readonly share: number;
  /** NSN prefixes allocated to this operator (approximate, see {@link World}). */
  readonly prefixes: readonly string[];
  /** NSN length if it differs from the country's. */
  readonly numberLength?: number;
}

/** Per-message quality of a route. */
export interface Quality {
  /** P(provider accepts the message), in [0, 1]. */
  readonly acceptance: number;
  /** P(handset receives it | accepted), in [0, 1]. */
  readonly delivery: number;
  /** Median ms from acceptance to the handset; latency is lognormal. */
  readonly latencyMedianMs: number;
  /** Lognormal shape sigma, in [0, 3]; p95 = median * exp(1.645 sigma). */
  readonly latencySigma: number;
}

/** Operator-specific deviations from a provider's country coverage. */
export interface OperatorOverride extends Partial<Quality> {
  /** `false` = this provider has no route to this operator. */
  readonly covered?: boolean;
  /** Multiplies the coverage's `priceFactor`. */
  readonly priceFactor?: number;
}

export interface CoverageDef extends Quality {
  readonly country: string;
  /** Price = country.referencePrice * priceFactor * routeClass.priceFactor; in [0.3, 3]. */
  readonly priceFactor: number;
  /** Route classes this provider sells in this country (non-empty). */
  readonly routeClasses: readonly RouteClass[];
  /** Keyed by MCC-MNC. */
  readonly operators?: Readonly<Record<string, OperatorOverride>>;
}

/**
 * A change to quality. Factors multiply (acceptance and delivery are then clamped to
 * [0, 1]); several active effects compose by multiplication. `silent`: accepted, billed,
 * never delivered and no receipt ever arrives.
 */
export interface Effect {
  readonly acceptanceFactor?: number;
  readonly deliveryFactor?: number;
  readonly latencyFactor?: number;
  readonly silent?: boolean;
}

/** Effect active every day in [fromHour, toHour) local time of the country; wraps past midnight when from > to. */
export interface TimeOfDayEffect {
  /** ISO code, or `"*"` for every covered country. */
  readonly country: string;
  readonly fromHour: number;
  readonly toHour: number;
  readonly effect: Effect;
}

export interface ProviderDef {
  readonly id: ProviderId;
  /** Messages per second the provider forwards; excess waits in a queue (leaky bucket). */
  readonly capacityPerSecond: number;
  /** A message that would wait longer than this in the queue is accepted and silently dropped. */
  readonly maxQueueMs: number;
  /** P(no receipt for a delivered message), in [0, 1]: some routes do not return DLRs reliably. */
  readonly receiptLoss: number;
  readonly coverage: readonly CoverageDef[];
  readonly timeOfDay: readonly TimeOfDayEffect[];
}

export interface RouteClassEffect {
  /** Multiplies the price. */
  readonly priceFactor: number;
  /** Multiplies the non-delivery probability: delivery' = 1 - (1 - delivery) * failureFactor. */
  readonly failureFactor: number;
  /** Multiplies latency. */
  readonly latencyFactor: number;
}

/** A provider outage or degradation during [start, end) epoch ms for a provider x country [x operator] [x route class]. */
export interface Incident {
  readonly id: string;
  readonly provider: ProviderId;
  readonly country: string;
  /** Omitted: every operator of the country. */
  readonly operator?: string;
  /** Omitted: both route classes. */
  readonly routeClass?: RouteClass;
  readonly start: number;
  readonly end: number;
  readonly effect: Effect;
}

// Entry point named in the design brief: the default world and its validation live in their own files.
export { DEFAULT_WORLD } from './default-world.js';
export { validateIncident, validateWorld } from './validate-world.js';
