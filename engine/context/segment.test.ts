import { describe, expect, it } from 'vitest';
import { backoffKeys, parseSegmentKey, segmentKey } from './segment.js';

describe('segmentKey', () => {
  it('joins country, operator and route class', () => {
    expect(segmentKey({ country: 'DE', operator: '262-01', routeClass: 'standard' })).toBe('DE:262-01:standard');
    // A remembered key is found again from equal strings built another way.
    expect(segmentKey({ country: 'DE', operator: ['262', '01'].join('-'), routeClass: 'standard' })).toBe('DE:262-01:standard');
    expect(segmentKey({ country: 'DE', operator: '262-01', routeClass: 'premium' })).toBe('DE:262-01:premium');
  });

  it('answers repeated and alternating calls, the same context object changed in between, and empty fields', () => {
    const ctx = { country: 'DE', operator: '262-01', routeClass: 'standard' as const };
    expect(segmentKey(ctx)).toBe('DE:262-01:standard');
    expect(segmentKey(ctx)).toBe('DE:262-01:standard');
    expect(segmentKey({ ...ctx, operator: '262-02' })).toBe('DE:262-02:standard');
    expect(segmentKey(ctx)).toBe('DE:262-01:standard');
    const mutable: { country: string; operator: string; routeClass: 'standard' | 'premium' } = { ...ctx };
    mutable.routeClass = 'premium';
    expect(segmentKey(mutable)).toBe('DE:262-01:premium');
    expect(segmentKey({ country: '', operator: '', routeClass: '' as 'standard' })).toBe('::');
  });

  it('stays correct past the number of keys it remembers', () => {
    for (let i = 0; i < 25_000; i++) {
      const operator = `op-${i}`;
      expect(segmentKey({ country: 'ZZ', operator, routeClass: 'standard' })).toBe(`ZZ:${operator}:standard`);
    }
    expect(segmentKey({ country: 'DE', operator: '262-01', routeClass: 'standard' })).toBe('DE:262-01:standard');
  });

  it('round-trips through parseSegmentKey and heads the backoff chain', () => {
    const ctx = { country: 'BR', operator: 'unknown', routeClass: 'premium' } as const;
    expect(parseSegmentKey(segmentKey(ctx))).toEqual(ctx);
    expect(backoffKeys(ctx)[0]).toBe(segmentKey(ctx));
  });
});
