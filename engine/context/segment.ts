import type { RequestContext, RouteClass } from '../types.js';

/** Wildcard used in backoff segment keys. */
export const ANY = '*';

/** Backoff levels, most specific first: segment -> country x class -> class -> global. */
export const SEGMENT_LEVELS = ['segment', 'country-class', 'class', 'global'] as const;
export type SegmentLevel = (typeof SEGMENT_LEVELS)[number];

/**
 * Segment key `country:operator:routeClass`, e.g. `"DE:262-01:standard"`.
 * Health and learning are kept per segment and provider, never only globally.
 */
export function segmentKey(ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass'>): string {
  return `${ctx.country}:${ctx.operator}:${ctx.routeClass}`;
}

/**
 * Keys of every backoff level for a context, most specific first:
 * `[DE:262-01:standard, DE:*:standard, *:*:standard, *:*:*]`.
 */
export function backoffKeys(ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass'>): readonly [string, string, string, string] {
  return [
    segmentKey(ctx),
    `${ctx.country}:${ANY}:${ctx.routeClass}`,
    `${ANY}:${ANY}:${ctx.routeClass}`,
    `${ANY}:${ANY}:${ANY}`,
  ];
}

export interface SegmentParts {
  readonly country: string;
  readonly operator: string;
  readonly routeClass: RouteClass | typeof ANY;
}

/** Parses a segment key. @throws TypeError when the key does not have three parts */
export function parseSegmentKey(key: string): SegmentParts {
  const parts = key.split(':');
  const [country, operator, routeClass] = parts;
  if (parts.length !== 3 || !country || !operator || !routeClass) {
    throw new TypeError(`segment key must look like "DE:262-01:standard", got "${key}"`);
  }
  if (routeClass !== 'premium' && routeClass !== 'standard' && routeClass !== ANY) {
    throw new TypeError(`segment key route class must be premium, standard or *, got "${routeClass}"`);
  }
  return { country, operator, routeClass };
}
