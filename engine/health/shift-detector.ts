import type { ProviderId } from '../types.js';
import { requireFinite, requireNonNegative } from './config-checks.js';

/** Configuration of {@link ShiftDetector}; build it with {@link shiftDetectorConfig}. */
export interface ShiftDetectorConfig {
  /** Observations of log latency that set a (new) baseline before detection starts, integer >= 2. */
  readonly warmup: number;
  /** Weight of one observation in the slow baseline of log-latency mean and variance, in (0, 1). */
  readonly baselineAlpha: number;
  /** CUSUM reference value k, in standard deviations of log latency (detects shifts of ~2k). */
  readonly k: number;
  /** CUSUM threshold h, in standard deviations: an alarm when either sum exceeds it. */
  readonly h: number;
  /** Relative price difference that counts as a new price, in (0, 1). */
  readonly priceTolerance: number;
}

/**
 * Defaults. Log latency of one provider in one segment has a standard deviation of ~0.4-0.6
 * (the sigma of a lognormal delivery time). k 0.5, h 10: a shift of the median by a factor
 * 2.5-3 (1.5-1.8 sd) is flagged after ~8-11 receipts (measured for x3 at sigma 0.6: median 8,
 * 90th percentile 12, 200 seeds). Without a shift a one-sided CUSUM of
 * normal data with a known baseline alarms about once in 70,000 observations (Siegmund's
 * approximation of the average run length, e^(2k(h + 1.166)) / (2k^2)); measured with the
 * estimated baseline on stationary lognormal latencies: 1-3 alarms in 200,000 receipts
 * (4 seeds; shift-detector.test.ts asserts at most 5).
 */
export const DEFAULT_SHIFT_DETECTOR: ShiftDetectorConfig = Object.freeze({
  warmup: 20,
  baselineAlpha: 0.01,
  k: 0.5,
  h: 10,
  priceTolerance: 0.02,
});

/** Merges `partial` over the defaults and validates. @throws RangeError naming the field */
export function shiftDetectorConfig(partial: Partial<ShiftDetectorConfig> = {}): ShiftDetectorConfig {
  const c = { ...DEFAULT_SHIFT_DETECTOR, ...partial };
  if (!(Number.isInteger(c.warmup) && c.warmup >= 2))
    throw new RangeError(`warmup must be an integer >= 2, got ${c.warmup}`);
  if (!(c.baselineAlpha > 0 && c.baselineAlpha < 1))
    throw new RangeError(`baselineAlpha must be in (0, 1), got ${c.baselineAlpha}`);
  if (!(c.k >= 0 && Number.isFinite(c.k))) throw new RangeError(`k must be a finite number >= 0, got ${c.k}`);
  if (!(c.h > 0 && Number.isFinite(c.h))) throw new RangeError(`h must be a finite number > 0, got ${c.h}`);
  if (!(c.priceTolerance > 0 && c.priceTolerance < 1))
    throw new RangeError(`priceTolerance must be in (0, 1), got ${c.priceTolerance}`);
  return Object.freeze(c);
}

/** Plain-JSON state of a {@link ShiftDetector}; a price not yet known is null. */
export interface ShiftDetectorSnapshot {
  readonly kind: 'shift-detector';
  readonly version: '1';
  readonly state: {
    readonly arms: readonly {
      readonly segment: string;
      readonly provider: ProviderId;
      readonly count: number;
      readonly mean: number;
      readonly spread: number;
      readonly up: number;
      readonly down: number;
      readonly price: number | null;
      readonly candidate: number | null;
    }[];
  };
}

interface ArmShiftState {
  /** Observations since the baseline (re)started. */
  count: number;
  mean: number;
  /** Welford's sum of squares during warm-up, the EWMA variance after it. */
  spread: number;
  up: number;
  down: number;
  price: number;
  /** A price seen once that differs from `price` (confirmed by a second sighting). */
  candidate: number;
}

/** Smallest standard deviation of log latency used to standardise (1%), so a constant latency is not a point mass. */
const MIN_SD = 0.01;

/**
 * Signals that a provider's conditions in one segment changed, from evidence
 * that arrives long before rewards do: the delivery-receipt latency (a route that starts
 * queueing or degrading shows it in a few receipts, while a drop in completion needs dozens
 * of rewards to separate from noise) and the price on acceptance.
 *
 * - Latency: a two-sided CUSUM (Page 1954) on standardised log latency against a slow
 *   baseline (exponentially weighted mean and variance, weight `baselineAlpha`), after
 *   `warmup` observations that set the baseline. An alarm restarts the baseline from the
 *   next observations, so a recovery is detected as a shift too.
 * - Price: a cost that differs from the last known price by more than `priceTolerance`,
 *   seen twice in a row (one odd invoice line is not a new price).
 *
 * State is one small record per (segment, provider), so it is bounded by the segments the
 * routing table serves.
 * Deterministic, no clock: callers pass observations in the order they happen.
 */
export class ShiftDetector {
  readonly config: ShiftDetectorConfig;
  readonly #arms = new Map<string, Map<ProviderId, ArmShiftState>>();

  constructor(config: Partial<ShiftDetectorConfig> = {}) {
    this.config = shiftDetectorConfig(config);
  }

  /** Adds a delivery latency; true when it completes a detected shift of the latency level. */
  latency(segment: string, provider: ProviderId, latencyMs: number): boolean {
    if (!(latencyMs >= 0) || !Number.isFinite(latencyMs)) return false;
    const a = this.#arm(segment, provider);
    const x = Math.log(Math.max(1, latencyMs));
    const { warmup, baselineAlpha: alpha, k, h } = this.config;
    if (a.count < warmup) {
      a.count++;
      const delta = x - a.mean;
      a.mean += delta / a.count;
      a.spread += delta * (x - a.mean);
      if (a.count === warmup) a.spread /= warmup - 1;
      return false;
    }
    const z = (x - a.mean) / Math.max(MIN_SD, Math.sqrt(a.spread));
    a.up = Math.max(0, a.up + z - k);
    a.down = Math.max(0, a.down - z - k);
    if (a.up > h || a.down > h) {
      a.count = 0;
      a.mean = 0;
      a.spread = 0;
      a.up = 0;
      a.down = 0;
      return true;
    }
    const delta = x - a.mean;
    a.mean += alpha * delta;
    a.spread = (1 - alpha) * (a.spread + alpha * delta * delta);
    return false;
  }

  /** Adds the cost of an accepted send; true when it confirms a new price. */
  price(segment: string, provider: ProviderId, cost: number): boolean {
    if (!(cost >= 0) || !Number.isFinite(cost)) return false;
    const p = this.#arm(segment, provider);
    if (Number.isNaN(p.price)) {
      p.price = cost;
      return false;
    }
    const tolerance = this.config.priceTolerance;
    if (Math.abs(cost - p.price) <= tolerance * p.price) {
      p.candidate = Number.NaN;
      return false;
    }
    if (!Number.isNaN(p.candidate) && Math.abs(cost - p.candidate) <= tolerance * p.candidate) {
      p.price = cost;
      p.candidate = Number.NaN;
      return true;
    }
    p.candidate = cost;
    return false;
  }

  /** Plain-JSON state; {@link ShiftDetector.restore} gives a copy that answers the same. */
  snapshot(): ShiftDetectorSnapshot {
    const arms: ShiftDetectorSnapshot['state']['arms'][number][] = [];
    for (const [segment, byProvider] of this.#arms) {
      for (const [provider, a] of byProvider) {
        arms.push({
          segment,
          provider,
          count: a.count,
          mean: a.mean,
          spread: a.spread,
          up: a.up,
          down: a.down,
          price: Number.isNaN(a.price) ? null : a.price,
          candidate: Number.isNaN(a.candidate) ? null : a.candidate,
        });
      }
    }
    return { kind: 'shift-detector', version: '1', state: { arms } };
  }

  /**
   * A detector holding `snapshot`'s state, with `config`.
   * @throws TypeError or RangeError naming the field when the snapshot is not a shift-detector
   *   snapshot of this version or holds a value out of range
   */
  static restore(snapshot: ShiftDetectorSnapshot, config: Partial<ShiftDetectorConfig> = {}): ShiftDetector {
    if (snapshot?.kind !== 'shift-detector' || snapshot.version !== '1')
      throw new TypeError('snapshot must be a shift-detector snapshot, version "1"');
    const arms = snapshot.state?.arms;
    if (!Array.isArray(arms)) throw new TypeError('state.arms must be an array');
    const d = new ShiftDetector(config);
    arms.forEach((s, i) => {
      const name = `state.arms[${i}]`;
      if (typeof s?.segment !== 'string' || typeof s.provider !== 'string')
        throw new TypeError(`${name} must name a segment and a provider`);
      const a = d.#arm(s.segment, s.provider);
      a.count = requireNonNegative(`${name}.count`, s.count);
      a.mean = requireFinite(`${name}.mean`, s.mean);
      a.spread = requireNonNegative(`${name}.spread`, s.spread);
      a.up = requireNonNegative(`${name}.up`, s.up);
      a.down = requireNonNegative(`${name}.down`, s.down);
      a.price = s.price === null ? Number.NaN : requireNonNegative(`${name}.price`, s.price);
      a.candidate = s.candidate === null ? Number.NaN : requireNonNegative(`${name}.candidate`, s.candidate);
    });
    return d;
  }

  #arm(segment: string, provider: ProviderId): ArmShiftState {
    let byProvider = this.#arms.get(segment);
    if (byProvider === undefined) this.#arms.set(segment, (byProvider = new Map()));
    let a = byProvider.get(provider);
    if (a === undefined) {
      a = { count: 0, mean: 0, spread: 0, up: 0, down: 0, price: Number.NaN, candidate: Number.NaN };
      byProvider.set(provider, a);
    }
    return a;
  }
}
