import { ANY, backoffKeys, parseSegmentKey } from '../context/segment.js';
import type { RequestContext } from '../types.js';

/**
 * Remembered backoff keys per segment key (segment -> country x class -> class -> global,
 * duplicates removed), so the health hot path builds and parses no strings. Each memo holds
 * at most `max` segments and starts over when full.
 */
export class BackoffChains {
  /** Validated segment key -> its keys. */
  readonly #bySegment = new Map<string, readonly string[]>();
  /** Segment key of a request context -> its keys, from the context's fields. */
  readonly #byContext = new Map<string, readonly string[]>();

  constructor(private readonly max: number) {}

  /** Keys of a segment key, most specific first. @throws TypeError for a malformed key (see parseSegmentKey) */
  ofSegment(segment: string): readonly string[] {
    let chain = this.#bySegment.get(segment);
    if (chain === undefined) {
      const p = parseSegmentKey(segment);
      chain = distinct([
        segment,
        `${p.country}:${ANY}:${p.routeClass}`,
        `${ANY}:${ANY}:${p.routeClass}`,
        `${ANY}:${ANY}:${ANY}`,
      ]);
      this.#remember(this.#bySegment, segment, chain);
    }
    return chain;
  }

  /** Keys of a request context whose segment key is `segment` (`segmentKey(ctx)`), most specific first. */
  ofContext(segment: string, ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass'>): readonly string[] {
    let chain = this.#byContext.get(segment);
    if (chain === undefined) {
      chain = distinct(backoffKeys(ctx));
      this.#remember(this.#byContext, segment, chain);
    }
    return chain;
  }

  #remember(memo: Map<string, readonly string[]>, key: string, chain: readonly string[]): void {
    if (memo.size >= this.max) memo.clear();
    memo.set(key, chain);
  }
}

function distinct(keys: readonly string[]): readonly string[] {
  return Object.freeze([...new Set(keys)]);
}
