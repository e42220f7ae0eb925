import type { RequestContext, RouteClass } from '../types.js';

/** Wildcard used in backoff segment keys. */
export const ANY = '*';

/** Backoff levels, most specific first: segment -> country x class -> class -> global. */
export const SEGMENT_LEVELS = ['segment', 'country-class', 'class', 'global'] as const;
export type SegmentLevel = (typeof SEGMENT_LEVELS)[number];

/** Distinct keys {@link segmentKey} remembers before it starts over (bounds memory for unbounded operator strings). */
const MAX_REMEMBERED_KEYS = 10_000;
/** country -> operator -> route class -> key. */
let remembered = new Map<string, Map<string, Map<string, string>>>();
let rememberedCount = 0;

/**
 * Segment key `country:operator:routeClass`, e.g. `"DE:262-01:standard"`.
 * Health and learning are kept per segment and provider, never only globally.
 *
 * Keys are remembered (up to 10 000), so that every call for a segment returns the same
 * string: the hot paths look keys up in maps once per request and step, and a remembered
 * key is neither built nor hashed again.
 */
export function segmentKey(ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass'>): string {
  const { country, operator, routeClass } = ctx;
  // One decision asks for the same context's key a dozen times (guards, health, policy, learning).
  if (last.key !== undefined && country === last.country && operator === last.operator && routeClass === last.routeClass) {
    return last.key;
  }
  const key = rememberedKey(country, operator, routeClass);
  last.country = country;
  last.operator = operator;
  last.routeClass = routeClass;
  last.key = key;
  return key;
}

/** The arguments and result of the latest {@link segmentKey} call. */
const last: { country: string; operator: string; routeClass: string; key: string | undefined } = {
  country: '',
  operator: '',
  routeClass: '',
  key: undefined,
};

function rememberedKey(country: string, operator: string, routeClass: string): string {
  let byOperator = remembered.get(country);
  if (byOperator === undefined) {
    byOperator = new Map();
    remembered.set(country, byOperator);
  }
  let byClass = byOperator.get(operator);
  if (byClass === undefined) {
    byClass = new Map();
    byOperator.set(operator, byClass);
  }
  let key = byClass.get(routeClass);
  if (key === undefined) {
    key = `${country}:${operator}:${routeClass}`;
    if (rememberedCount >= MAX_REMEMBERED_KEYS) {
      remembered = new Map();
      rememberedCount = 0;
    } else {
      byClass.set(routeClass, key);
      rememberedCount++;
    }
  }
  return key;
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
