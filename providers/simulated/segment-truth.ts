import type { ProviderId, RouteClass } from '../../engine/types.js';
import type { Effect, Incident, World } from './world.js';

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

function inHours(hour: number, from: number, to: number): boolean {
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/**
 * Quality of `provider` for country x operator x route class at `at`:
 *
 *   price      = country.referencePrice * coverage.priceFactor * override.priceFactor * class.priceFactor
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
  const def = world.providers.find((p) => p.id === provider);
  if (!def)
    throw new RangeError(`provider must be one of ${world.providers.map((p) => p.id).join(', ')}, got "${provider}"`);
  const countryDef = world.countries.find((c) => c.code === country);
  const coverage = def.coverage.find((c) => c.country === country);
  if (!countryDef || !coverage || !coverage.routeClasses.includes(routeClass)) return NOT_COVERED;
  const knownOperator = countryDef.operators.some((o) => o.mccMnc === operator);
  if (!knownOperator && operator !== 'unknown') return NOT_COVERED;
  const override = coverage.operators?.[operator] ?? {};
  if (override.covered === false) return NOT_COVERED;

  const hour = localHour(at, countryDef.utcOffsetHours);
  const effects: Effect[] = [
    ...def.timeOfDay
      .filter((t) => (t.country === '*' || t.country === country) && inHours(hour, t.fromHour, t.toHour))
      .map((t) => t.effect),
    ...incidents
      .filter(
        (i) =>
          i.provider === provider &&
          i.country === country &&
          (i.operator === undefined || i.operator === operator) &&
          (i.routeClass === undefined || i.routeClass === routeClass) &&
          at >= i.start &&
          at < i.end,
      )
      .map((i) => i.effect),
  ];
  const product = (pick: (e: Effect) => number | undefined): number =>
    effects.reduce((acc, e) => acc * (pick(e) ?? 1), 1);
  const silent = effects.some((e) => e.silent === true);
  const cls = world.routeClasses[routeClass];
  const baseDelivery = clamp01(1 - (1 - (override.delivery ?? coverage.delivery)) * cls.failureFactor);
  return {
    covered: true,
    acceptance: clamp01((override.acceptance ?? coverage.acceptance) * product((e) => e.acceptanceFactor)),
    delivery: silent ? 0 : clamp01(baseDelivery * product((e) => e.deliveryFactor)),
    latencyMedianMs:
      (override.latencyMedianMs ?? coverage.latencyMedianMs) * cls.latencyFactor * product((e) => e.latencyFactor),
    latencySigma: override.latencySigma ?? coverage.latencySigma,
    price: countryDef.referencePrice * coverage.priceFactor * (override.priceFactor ?? 1) * cls.priceFactor,
    receiptLoss: def.receiptLoss,
    silent,
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
