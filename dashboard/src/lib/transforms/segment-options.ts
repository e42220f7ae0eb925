import type { Segment } from '../api/api-types.js';

export interface SegmentChoice {
  readonly country: string;
  readonly operator: string;
  readonly routeClass: string;
}

/** Distinct sorted values of one part of the segments matching the earlier parts. */
export function countriesOf(segments: readonly Segment[]): string[] {
  return [...new Set(segments.map((s) => s.country))].sort();
}

export function operatorsOf(segments: readonly Segment[], country: string): string[] {
  return [...new Set(segments.filter((s) => s.country === country).map((s) => s.operator))].sort();
}

export function routeClassesOf(segments: readonly Segment[], country: string, operator: string): string[] {
  return [...new Set(segments.filter((s) => s.country === country && s.operator === operator).map((s) => s.routeClass))].sort();
}

/**
 * The segment to show when none is chosen: the one with the most providers (a stacked chart
 * of one provider says nothing), ties broken by most observations, then by key.
 */
export function defaultSegment(segments: readonly Segment[]): Segment | undefined {
  const obs = (s: Segment): number => s.providers.reduce((sum, p) => sum + (p.estimate?.n ?? 0), 0);
  return [...segments].sort(
    (a, b) => b.providers.length - a.providers.length || obs(b) - obs(a) || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
  )[0];
}

/** Completes a partial choice to an existing segment: keeps what still matches, else takes the first option. */
export function resolveChoice(segments: readonly Segment[], partial: Partial<SegmentChoice>): Segment | undefined {
  const country = countriesOf(segments).includes(partial.country ?? '') ? partial.country : countriesOf(segments)[0];
  if (country === undefined) return undefined;
  const ops = operatorsOf(segments, country);
  const operator = ops.includes(partial.operator ?? '') ? partial.operator : ops[0];
  if (operator === undefined) return undefined;
  const classes = routeClassesOf(segments, country, operator);
  const routeClass = classes.includes(partial.routeClass ?? '') ? partial.routeClass : classes[0];
  return segments.find((s) => s.country === country && s.operator === operator && s.routeClass === routeClass);
}
