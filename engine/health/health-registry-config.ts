import { DEFAULT_BREAKER, validateBreakerConfig, type BreakerConfig } from './circuit-breaker.js';
import { requireInteger, requirePositive } from './config-checks.js';
import { DEFAULT_SEGMENT_HEALTH, validateSegmentHealthConfig, type SegmentHealthConfig } from './segment-health.js';

export interface HealthRegistryConfig {
  /** Most (segment, provider) entries kept, counting backoff levels; least recently recorded go first. Default 20 000. */
  readonly maxKeys: number;
  /** Expected delivery time when no level has enough latency samples, ms. Default 15 s. */
  readonly defaultExpectedDeliveryMs: number;
  /** Latency quantile used as the expected delivery time. Default 0.9. */
  readonly expectedDeliveryQuantile: number;
  /** Effective latency samples a level needs before its quantile is trusted. Default 3. */
  readonly minLatencyWeight: number;
  /** Error classes that are the number's fault: counted, but never against the provider. */
  readonly numberFaultClasses: readonly string[];
  /** Undrained breaker transitions kept; older ones are dropped. Default 1 000. */
  readonly maxPendingTransitions: number;
  readonly health: SegmentHealthConfig;
  readonly breaker: BreakerConfig;
}

export const DEFAULT_HEALTH_REGISTRY: HealthRegistryConfig = Object.freeze({
  maxKeys: 20_000,
  defaultExpectedDeliveryMs: 15_000,
  expectedDeliveryQuantile: 0.9,
  minLatencyWeight: 3,
  numberFaultClasses: Object.freeze(['permanent', 'invalid_number']),
  maxPendingTransitions: 1_000,
  health: DEFAULT_SEGMENT_HEALTH,
  breaker: DEFAULT_BREAKER,
});

export interface HealthRegistryOptions extends Partial<Omit<HealthRegistryConfig, 'health' | 'breaker'>> {
  readonly health?: Partial<SegmentHealthConfig>;
  readonly breaker?: Partial<BreakerConfig>;
}

/** @throws RangeError naming the offending field */
export function healthRegistryConfig(options: HealthRegistryOptions = {}): HealthRegistryConfig {
  const c = { ...DEFAULT_HEALTH_REGISTRY, ...options };
  requireInteger('maxKeys', c.maxKeys, 16, 10_000_000);
  requirePositive('defaultExpectedDeliveryMs', c.defaultExpectedDeliveryMs);
  if (!(c.expectedDeliveryQuantile > 0 && c.expectedDeliveryQuantile < 1)) {
    throw new RangeError(`expectedDeliveryQuantile must be in (0, 1), got ${c.expectedDeliveryQuantile}`);
  }
  requirePositive('minLatencyWeight', c.minLatencyWeight);
  requireInteger('maxPendingTransitions', c.maxPendingTransitions, 1, 1_000_000);
  if (!Array.isArray(c.numberFaultClasses)) throw new TypeError('numberFaultClasses must be an array of strings');
  return Object.freeze({
    ...c,
    numberFaultClasses: Object.freeze([...c.numberFaultClasses]),
    health: validateSegmentHealthConfig({ ...DEFAULT_SEGMENT_HEALTH, ...options.health }),
    breaker: validateBreakerConfig({ ...DEFAULT_BREAKER, ...options.breaker }),
  });
}
