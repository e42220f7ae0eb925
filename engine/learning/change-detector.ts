/**
 * Abrupt-change detection on one reward stream (one provider at one backoff level).
 *
 * `page-hinkley`: the two-sided Page-Hinkley test (Page 1954, "Continuous inspection
 * schemes", Biometrika 41; Hinkley 1971, "Inference about the change-point from
 * cumulative sum tests", Biometrika 58). With x̄_n the running mean since the last reset:
 *
 *   U_n = Σ_{t<=n} (x_t - x̄_t - δ),  alarm (increase) when U_n - min_{t<=n} U_t > λ
 *   D_n = Σ_{t<=n} (x_t - x̄_t + δ),  alarm (decrease) when max_{t<=n} D_t - D_n > λ
 *
 * δ is the magnitude of change tolerated (drift allowance), λ the alarm threshold; for
 * a jump of size Δ > δ the delay is about λ / (Δ - δ) observations, and under no change
 * the false-alarm rate falls roughly like exp(-2 δ λ / σ²) (σ² <= 1/4 for rewards in [0, 1]).
 * No alarm is raised before `minSamples` observations since the last reset.
 * `none` disables detection (discounting alone then adapts to change).
 */
export type ChangeDetectionConfig =
  | { readonly kind: 'page-hinkley'; readonly delta: number; readonly threshold: number; readonly minSamples: number }
  | { readonly kind: 'none' };

/**
 * Mutable Page-Hinkley statistics of one stream; all zero after a reset. `upPos` / `downPos`
 * are the positions (a time or an update count, whatever the caller passes) of the
 * observations at which `upMin` / `downMax` were last set (-Infinity: not since the reset): the
 * estimated change point of a rise / a drop (Hinkley 1971).
 */
export interface PageHinkleyState {
  n: number;
  mean: number;
  up: number;
  upMin: number;
  down: number;
  downMax: number;
  upPos: number;
  downPos: number;
}

/** A fresh (reset) detector state. */
export function newPageHinkley(): PageHinkleyState {
  return { n: 0, mean: 0, up: 0, upMin: 0, down: 0, downMax: 0, upPos: -Infinity, downPos: -Infinity };
}

/**
 * Estimated position of the change an alarm reports: observations after it belong to the new
 * level. The direction is that of the larger excursion.
 */
export function changePosition(state: PageHinkleyState): number {
  return isRise(state) ? state.upPos : state.downPos;
}

/** Whether the larger excursion of `state` is a rise (else a drop). */
export function isRise(state: PageHinkleyState): boolean {
  return state.up - state.upMin >= state.downMax - state.down;
}

/** Resets `state` in place (after an alarm or when the arm's statistics are forgotten). */
export function resetPageHinkley(state: PageHinkleyState): void {
  state.n = 0;
  state.mean = 0;
  state.up = 0;
  state.upMin = 0;
  state.down = 0;
  state.downMax = 0;
  state.upPos = -Infinity;
  state.downPos = -Infinity;
}

/**
 * Adds observation `x`, made at position `position` (a time or an update count), to `state` (in
 * place) and reports whether a change is detected. The caller resets the state on an alarm.
 */
export function pageHinkleyStep(
  state: PageHinkleyState,
  x: number,
  delta: number,
  threshold: number,
  minSamples: number,
  position = Number.NaN,
): boolean {
  state.n += 1;
  state.mean += (x - state.mean) / state.n;
  state.up += x - state.mean - delta;
  if (state.up < state.upMin) {
    state.upMin = state.up;
    state.upPos = position;
  }
  state.down += x - state.mean + delta;
  if (state.down > state.downMax) {
    state.downMax = state.down;
    state.downPos = position;
  }
  if (state.n < minSamples) return false;
  return state.up - state.upMin > threshold || state.downMax - state.down > threshold;
}

/**
 * Validates a change-detection config.
 * @throws TypeError when it is not an object of a known kind
 * @throws RangeError naming `changeDetection.delta` ([0, 1)), `changeDetection.threshold` ((0, 1e6])
 *   or `changeDetection.minSamples` (integer in [1, 1e6])
 */
export function validateChangeDetection(value: unknown): ChangeDetectionConfig {
  if (typeof value !== 'object' || value === null)
    throw new TypeError('changeDetection must be an object with kind "page-hinkley" or "none"');
  const v = value as Record<string, unknown>;
  if (v.kind === 'none') return Object.freeze({ kind: 'none' });
  if (v.kind !== 'page-hinkley')
    throw new TypeError(`changeDetection.kind must be "page-hinkley" or "none", got ${String(v.kind)}`);
  const { delta, threshold, minSamples } = v;
  if (!(typeof delta === 'number' && delta >= 0 && delta < 1))
    throw new RangeError(`changeDetection.delta must be a number in [0, 1), got ${String(delta)}`);
  if (!(typeof threshold === 'number' && threshold > 0 && threshold <= 1e6)) {
    throw new RangeError(`changeDetection.threshold must be a number in (0, 1e6], got ${String(threshold)}`);
  }
  if (!(typeof minSamples === 'number' && Number.isInteger(minSamples) && minSamples >= 1 && minSamples <= 1e6)) {
    throw new RangeError(`changeDetection.minSamples must be an integer in [1, 1e6], got ${String(minSamples)}`);
  }
  return Object.freeze({ kind: 'page-hinkley', delta, threshold, minSamples });
}
