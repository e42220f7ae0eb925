import type { ProviderId, RouteClass } from '../../engine/types.js';
import type { CountryDef, CoverageDef, Effect, Incident, OperatorOverride, ProviderDef, World } from './world.js';

/**
 * Ground truth of one provider on one segment at one instant, for oracles and tests.
 * `acceptance` = P(accepted); `delivery` = P(reaches the handset | accepted, not dropped
 * for capacity); latency is lognormal(median, sigma) from acceptance to the handset.
 * Capacity queueing is load-dependent and therefore not part of the truth.
 */
export interface SegmentTruth {
  readonly covered: boolean;
  readonly acceptance: number;
  readonly delivery: number;
  readonly latencyMedianMs: number;
  readonly latencySigma: number;
  /** USD per accepted message. */
  readonly price: number;
  /** P(no receipt | delivered or failed). */
  readonly receiptLoss: number;
  /** Accepted messages vanish: no delivery, no receipt. */
  readonly silent: boolean;
}

const NOT_COVERED: SegmentTruth = Object.freeze({
  covered: false,
  acceptance: 0,
  delivery: 0,
  latencyMedianMs: 0,
  latencySigma: 0,
  price: 0,
  receiptLoss: 0,
  silent: false,
});

const HOUR_MS = 3_600_000;

/** Local hour in [0, 24) for a fixed UTC offset (fractional offsets such as India's 5.5 kept). */
export function localHour(at: number, utcOffsetHours: number): number {
  return Math.floor((((at / HOUR_MS + utcOffsetHours) % 24) + 24) % 24);
}

/**
 * Local hour of `country` at `at` (NaN for a country not in the world). {@link segmentTruth}
 * depends on time only through this hour and the incidents in force, so a caller may keep a
 * truth for as long as both stay the same.
 */
export function countryLocalHour(world: World, country: string, at: number): number {
  const c = worldIndex(world).countries.get(country);
  return c === undefined ? Number.NaN : localHour(at, c.utcOffsetHours);
}

/** Number of values in ascending `sorted` that are <= `at` (binary search). */
export function countAtOrBefore(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function inHours(hour: number, from: number, to: number): boolean {
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/**
 * Quality of `provider` for country x operator x route class at `at`:
 *
 *   price      = country.referencePrice * coverage.priceFactor * override.priceFactor * class.priceFactor,
 *                rounded to a micro-dollar (a provider quotes a price, not a product of factors)
 *   delivery   = clamp01(1 - (1 - d) * class.failureFactor) * prod(deliveryFactor), 0 when silent
 *   acceptance = clamp01(a * prod(acceptanceFactor))
 *   latency    = median * class.latencyFactor * prod(latencyFactor)
 *
 * where d, a, median come from the country coverage with the operator's override on top
 * and the products run over the active time-of-day effects and incidents. Operator
 * `"unknown"` gets the country-level quality and no operator-specific incidents.
 * @throws RangeError when the provider is not in the world
 */
export function segmentTruth(
  world: World,
  incidents: readonly Incident[],
  provider: ProviderId,
  country: string,
  operator: string,
  routeClass: RouteClass,
  at: number,
): SegmentTruth {
  const index = worldIndex(world);
  const def = index.providers.get(provider);
  if (!def)
    throw new RangeError(`provider must be one of ${world.providers.map((p) => p.id).join(', ')}, got "${provider}"`);
  const countryDef = index.countries.get(country);
  const coverage = index.coverage.get(provider)?.get(country);
  if (!countryDef || !coverage || !coverage.routeClasses.includes(routeClass)) return NOT_COVERED;
  if (operator !== 'unknown' && !index.operators.get(country)?.has(operator)) return NOT_COVERED;
  const override = coverage.operators?.[operator] ?? NO_OVERRIDE;
  if (override.covered === false) return NOT_COVERED;

  // Products over the active effects, time-of-day first and then incidents, in list order.
  const hour = localHour(at, countryDef.utcOffsetHours);
  const acc: EffectProduct = { acceptanceFactor: 1, deliveryFactor: 1, latencyFactor: 1, silent: false };
  for (const t of def.timeOfDay) {
    if ((t.country === '*' || t.country === country) && inHours(hour, t.fromHour, t.toHour)) multiply(acc, t.effect);
  }
  for (const i of incidents) {
    if (
      i.provider === provider &&
      i.country === country &&
      (i.operator === undefined || i.operator === operator) &&
      (i.routeClass === undefined || i.routeClass === routeClass) &&
      at >= i.start &&
      at < i.end
    ) {
      multiply(acc, i.effect);
    }
  }
  const { acceptanceFactor, deliveryFactor, latencyFactor, silent } = acc;
  const cls = world.routeClasses[routeClass];
  const baseDelivery = clamp01(1 - (1 - (override.delivery ?? coverage.delivery)) * cls.failureFactor);
  return {
    covered: true,
    acceptance: clamp01((override.acceptance ?? coverage.acceptance) * acceptanceFactor),
    delivery: silent ? 0 : clamp01(baseDelivery * deliveryFactor),
    latencyMedianMs: (override.latencyMedianMs ?? coverage.latencyMedianMs) * cls.latencyFactor * latencyFactor,
    latencySigma: override.latencySigma ?? coverage.latencySigma,
    price: roundToMicros(
      countryDef.referencePrice * coverage.priceFactor * (override.priceFactor ?? 1) * cls.priceFactor,
    ),
    receiptLoss: def.receiptLoss,
    silent,
  };
}

const NO_OVERRIDE: OperatorOverride = Object.freeze({});

/** `usd` to the nearest 1e-6: 0.08 * 0.9 is 0.07200000000000001 in binary, 0.072 on an invoice. */
function roundToMicros(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** Lookups by id, built once per (immutable) world: segmentTruth runs on every simulated send. */
interface WorldIndex {
  readonly providers: ReadonlyMap<ProviderId, ProviderDef>;
  readonly countries: ReadonlyMap<string, CountryDef>;
  readonly coverage: ReadonlyMap<ProviderId, ReadonlyMap<string, CoverageDef>>;
  readonly operators: ReadonlyMap<string, ReadonlySet<string>>;
}

const indexes = new WeakMap<World, WorldIndex>();

function worldIndex(world: World): WorldIndex {
  let index = indexes.get(world);
  if (index === undefined) {
    // First definition wins, as Array.find did.
    const firstBy = <T>(items: readonly T[], id: (item: T) => string): Map<string, T> => {
      const map = new Map<string, T>();
      for (const item of items) if (!map.has(id(item))) map.set(id(item), item);
      return map;
    };
    const providers = firstBy(world.providers, (p) => p.id);
    index = {
      providers,
      countries: firstBy(world.countries, (c) => c.code),
      coverage: new Map([...providers].map(([id, p]) => [id, firstBy(p.coverage, (c) => c.country)])),
      operators: new Map(world.countries.map((c) => [c.code, new Set(c.operators.map((o) => o.mccMnc))])),
    };
    indexes.set(world, index);
  }
  return index;
}

interface EffectProduct {
  acceptanceFactor: number;
  deliveryFactor: number;
  latencyFactor: number;
  silent: boolean;
}

function multiply(acc: EffectProduct, e: Effect): void {
  acc.acceptanceFactor *= e.acceptanceFactor ?? 1;
  acc.deliveryFactor *= e.deliveryFactor ?? 1;
  acc.latencyFactor *= e.latencyFactor ?? 1;
  acc.silent ||= e.silent === true;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
