/** Tuning of {@link attemptBudgetMs}. */
export interface AttemptBudgetConfig {
  /** Budget = multiplier x expected delivery latency, before clamping. Range [1, 20]. */
  readonly multiplier: number;
  /** Floor, ms: a shorter budget fails over before a typical receipt could arrive. Range [0, 600000]. */
  readonly minMs: number;
  /** Ceiling, ms: never wait longer than this for one receipt. Range [minMs, 3600000]. */
  readonly maxMs: number;
}

/**
 * Defaults: 3x the provider's expected delivery latency, at least 5 s, at most 60 s.
 * Most SMS receipts arrive within seconds; a provider silent for 3x its usual latency is
 * more likely lost than slow.
 */
export const DEFAULT_ATTEMPT_BUDGET_CONFIG: AttemptBudgetConfig = Object.freeze({
  multiplier: 3,
  minMs: 5_000,
  maxMs: 60_000,
});

/**
 * Validates a partial config over the defaults and returns a frozen value.
 * @throws RangeError naming the parameter and its allowed range
 */
export function createAttemptBudgetConfig(overrides: Partial<AttemptBudgetConfig> = {}): AttemptBudgetConfig {
  const config = { ...DEFAULT_ATTEMPT_BUDGET_CONFIG, ...overrides };
  if (!(config.multiplier >= 1 && config.multiplier <= 20)) {
    throw new RangeError(`multiplier must be in [1, 20], got ${String(config.multiplier)}`);
  }
  if (!(config.minMs >= 0 && config.minMs <= 600_000)) {
    throw new RangeError(`minMs must be in [0, 600000], got ${String(config.minMs)}`);
  }
  if (!(config.maxMs >= config.minMs && config.maxMs <= 3_600_000)) {
    throw new RangeError(`maxMs must be in [minMs (${config.minMs}), 3600000], got ${String(config.maxMs)}`);
  }
  return Object.freeze(config);
}

export interface AttemptBudgetInput {
  /** Expected send-to-receipt latency of the provider in this segment, ms (>= 0). */
  readonly expectedDeliveryMs: number;
  /** Time left in the verification window, ms (>= 0). */
  readonly remainingWindowMs: number;
  /** Attempts still allowed, this one included (integer >= 1). */
  readonly attemptsLeft: number;
}

/**
 * Soft-failure budget of one attempt, i.e. how long to wait for a receipt before
 * failing over:
 *
 *   share  = remainingWindowMs / attemptsLeft
 *   budget = min(remainingWindowMs, max(minMs, min(multiplier * expectedDeliveryMs, maxMs, share)))
 *
 * The fair `share` keeps time for the remaining attempts; `minMs` wins over the share
 * (a budget shorter than a normal receipt only burns an attempt) but nothing outlives
 * the window. Result in [0, remainingWindowMs].
 * @throws RangeError when an input is out of range (names the input)
 */
export function attemptBudgetMs(
  input: AttemptBudgetInput,
  config: AttemptBudgetConfig = DEFAULT_ATTEMPT_BUDGET_CONFIG,
): number {
  const { expectedDeliveryMs, remainingWindowMs, attemptsLeft } = input;
  if (!(Number.isFinite(expectedDeliveryMs) && expectedDeliveryMs >= 0)) {
    throw new RangeError(`expectedDeliveryMs must be a finite number >= 0, got ${String(expectedDeliveryMs)}`);
  }
  if (!(Number.isFinite(remainingWindowMs) && remainingWindowMs >= 0)) {
    throw new RangeError(`remainingWindowMs must be a finite number >= 0, got ${String(remainingWindowMs)}`);
  }
  if (!(Number.isInteger(attemptsLeft) && attemptsLeft >= 1)) {
    throw new RangeError(`attemptsLeft must be an integer >= 1, got ${String(attemptsLeft)}`);
  }
  const share = remainingWindowMs / attemptsLeft;
  const wanted = Math.min(config.multiplier * expectedDeliveryMs, config.maxMs, share);
  return Math.min(remainingWindowMs, Math.max(config.minMs, wanted));
}
