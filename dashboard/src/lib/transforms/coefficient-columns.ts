import type { CoefficientPoint } from '../api/api-types.js';
import { toMillis } from './format.js';

/** uPlot columns of one provider's coefficients: one x axis (epoch seconds), one line per feature. */
export interface CoefficientColumns {
  readonly xs: number[];
  /** Feature names in the order the policy first reported them (its feature vector order). */
  readonly features: string[];
  /** columns[featureIndex][xIndex]; null where the feature has no finite value at that time. */
  readonly columns: (number | null)[][];
}

/** Providers that have coefficients, sorted lexicographically (the order of the provider select). */
export function coefficientProviders(points: readonly CoefficientPoint[]): string[] {
  return [...new Set(points.map((p) => p.provider))].sort();
}

/**
 * Pivots one provider's coefficient points (one row per time) into aligned columns. Points with
 * unreadable times are dropped; a duplicate time keeps the last point.
 */
export function coefficientColumns(points: readonly CoefficientPoint[], provider: string): CoefficientColumns {
  const byTime = new Map<number, Readonly<Record<string, number>>>();
  const features = new Set<string>();
  for (const p of points) {
    if (p.provider !== provider) continue;
    const ms = toMillis(p.at);
    if (!Number.isFinite(ms)) continue;
    byTime.set(ms / 1_000, p.values);
    for (const name of Object.keys(p.values)) features.add(name);
  }
  const xs = [...byTime.keys()].sort((a, b) => a - b);
  const names = [...features];
  const columns = names.map((name) =>
    xs.map((x) => {
      const v = byTime.get(x)?.[name];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }),
  );
  return { xs, features: names, columns };
}
