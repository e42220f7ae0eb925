/** Tuning of the demo traffic generator (validated, immutable). */
export interface DemoTrafficConfig {
  /** Mean new verifications per second (Poisson arrivals). Range (0, 500]. */
  readonly ratePerSecond: number;
  /** Seed of every random choice of the generator. */
  readonly seed: number;
  /** Simulated users alive at once; an arrival past it is skipped and counted. Range [1, 10000]. */
  readonly maxConcurrentUsers: number;
  /** How often a user looks at the sandbox inbox for a code, ms. Range [100, 60000]. */
  readonly pollIntervalMs: number;
  /** Share of arrivals that are SMS pumping (sequential numbers of one prefix, never entered). Range [0, 1]. */
  readonly pumpingShare: number;
  /** Share of users who type a wrong code before the right one. Range [0, 1]. */
  readonly wrongCodeShare: number;
  /** Interval between injected incidents, ms; 0 disables them. Range 0 or [10000, 86400000]. */
  readonly incidentEveryMs: number;
  /** How long an injected incident lasts, ms. Range [1000, incidentEveryMs]. */
  readonly incidentDurationMs: number;
  /** Delay of the first incident after start, ms (so there is something learned to lose). Range [0, 86400000]. */
  readonly firstIncidentAfterMs: number;
  /** Interval of the progress log line, ms. Range [1000, 3600000]. */
  readonly progressEveryMs: number;
  /** Per-request timeout towards the own API, ms. Range [100, 60000]. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_DEMO_TRAFFIC: DemoTrafficConfig = Object.freeze({
  ratePerSecond: 4,
  seed: 42,
  maxConcurrentUsers: 2_000,
  pollIntervalMs: 1_000,
  pumpingShare: 0.03,
  wrongCodeShare: 0.05,
  incidentEveryMs: 10 * 60_000,
  incidentDurationMs: 2 * 60_000,
  firstIncidentAfterMs: 3 * 60_000,
  progressEveryMs: 30_000,
  requestTimeoutMs: 10_000,
});

function inRange(name: string, value: number, min: number, max: number, integer = false): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new RangeError(
      `${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(value)}`,
    );
  }
}

/**
 * Merges `overrides` over {@link DEFAULT_DEMO_TRAFFIC}, checks every field and freezes the result.
 * @throws RangeError naming the field and its allowed range
 */
export function createDemoTrafficConfig(overrides: Partial<DemoTrafficConfig> = {}): DemoTrafficConfig {
  const c = { ...DEFAULT_DEMO_TRAFFIC, ...overrides };
  if (!(typeof c.ratePerSecond === 'number' && c.ratePerSecond > 0 && c.ratePerSecond <= 500)) {
    throw new RangeError(`ratePerSecond must be a number in (0, 500], got ${String(c.ratePerSecond)}`);
  }
  inRange('seed', c.seed, -(2 ** 53), 2 ** 53, true);
  inRange('maxConcurrentUsers', c.maxConcurrentUsers, 1, 10_000, true);
  inRange('pollIntervalMs', c.pollIntervalMs, 100, 60_000);
  inRange('pumpingShare', c.pumpingShare, 0, 1);
  inRange('wrongCodeShare', c.wrongCodeShare, 0, 1);
  if (c.incidentEveryMs !== 0) {
    inRange('incidentEveryMs', c.incidentEveryMs, 10_000, 86_400_000);
    inRange('incidentDurationMs', c.incidentDurationMs, 1_000, c.incidentEveryMs);
  }
  inRange('firstIncidentAfterMs', c.firstIncidentAfterMs, 0, 86_400_000);
  inRange('progressEveryMs', c.progressEveryMs, 1_000, 3_600_000);
  inRange('requestTimeoutMs', c.requestTimeoutMs, 100, 60_000);
  return Object.freeze(c);
}
