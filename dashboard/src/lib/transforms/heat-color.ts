export type HealthMetric = 'completionRate' | 'latencyP50Ms' | 'timeoutRate';

/**
 * Value range mapped to the colour scale per metric: [bad, good]. Completion below 50% and
 * OTP latency above 20 s are equally "red"; timeouts above 30% likewise.
 */
export const HEAT_SCALES: Readonly<Record<HealthMetric, readonly [bad: number, good: number]>> = {
  completionRate: [0.5, 1],
  latencyP50Ms: [20_000, 2_000],
  timeoutRate: [0.3, 0],
};

/** Goodness in [0, 1]: linear between the metric's bad and good ends, clamped; null for a missing value. */
export function goodness(metric: HealthMetric, value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const [bad, good] = HEAT_SCALES[metric];
  const t = (value - bad) / (good - bad);
  return Math.min(1, Math.max(0, t));
}

export interface HeatColor {
  readonly background: string;
  readonly text: string;
}

/**
 * Cell colour: hue from red (0) through amber to green (130) by goodness, light enough that
 * dark text keeps WCAG AA contrast; grey for no data. The value is always printed in the cell
 * too, so colour is never the only signal.
 */
export function heatColor(metric: HealthMetric, value: number | null | undefined): HeatColor {
  const g = goodness(metric, value);
  if (g === null) return { background: '#eceff1', text: '#455a64' };
  return { background: `hsl(${Math.round(g * 130)} 70% 82%)`, text: '#1b1b1b' };
}
