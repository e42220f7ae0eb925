import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../types.js';
import type { HealthRegistryOptions } from './health-registry-config.js';
import { HealthRegistry } from './health-registry.js';

const SEG = 'DE:262-01:standard';
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 300_000,
  at: 0,
  ...over,
});

describe('HealthRegistry', () => {
  it('ejects after 5 provider failures and reports the transition once', () => {
    const r = new HealthRegistry();
    r.recordRejected(SEG, 'a', 'throttled', 0);
    r.recordUndelivered(SEG, 'a', 'carrier_error', 1);
    r.recordTimeout(SEG, 'a', 2);
    r.recordTimeout(SEG, 'a', 3);
    expect(r.breakerState(SEG, 'a', 3)).toBe('closed');
    r.recordTimeout(SEG, 'a', 4);
    expect(r.breakerState(SEG, 'a', 5)).toBe('open');
    expect(r.breakerState(SEG, 'b', 5)).toBe('closed');
    expect(r.breakerState('DE:262-02:standard', 'a', 5)).toBe('closed');
    const events = r.drainBreakerEvents();
    expect(events).toEqual([
      {
        segment: SEG,
        provider: 'a',
        at: 4,
        from: 'closed',
        to: 'open',
        reason: 'consecutive_failures',
        ejections: 1,
        ejectedUntil: 30_004,
      },
    ]);
    expect(r.drainBreakerEvents()).toEqual([]);
    expect(r.breakerState(SEG, 'a', 30_004)).toBe('half-open');
    expect(r.drainBreakerEvents().map((e) => e.to)).toEqual(['half-open']);
  });

  it('admits one probe when half-open and closes on its delivery', () => {
    const r = new HealthRegistry();
    for (let i = 0; i < 5; i++) r.recordTimeout(SEG, 'a', i);
    r.recordSend(SEG, 'a', 40_000);
    expect(r.breakerState(SEG, 'a', 40_001)).toBe('open');
    r.recordDelivered(SEG, 'a', 3_000, 43_000);
    expect(r.breakerState(SEG, 'a', 43_000)).toBe('closed');
  });

  it.each(['permanent', 'invalid_number'])(
    'does not count the number-fault class %s against the provider',
    (errorClass) => {
      const r = new HealthRegistry();
      for (let i = 0; i < 10; i++) {
        r.recordRejected(SEG, 'a', errorClass, i);
        r.recordUndelivered(SEG, 'a', errorClass, i);
      }
      expect(r.breakerState(SEG, 'a', 10)).toBe('closed');
      const h = r.health(SEG, 'a', 10)!;
      expect(h.counts.rejected + h.counts.undelivered).toBe(0);
      expect(h.counts.numberFaults).toBeCloseTo(20, 3);
      expect(h.errorClasses[errorClass]).toBeCloseTo(20, 3);
    },
  );

  it('reports a plain health view with the breaker, undefined for unknown arms', () => {
    const r = new HealthRegistry();
    r.recordSend(SEG, 'a', 0);
    r.recordAccepted(SEG, 'a', 100);
    r.recordDelivered(SEG, 'a', 2_000, 2_000);
    r.recordCompleted(SEG, 'a', 15_000, 15_000);
    const h = r.health(SEG, 'a', 15_000)!;
    expect(h).toMatchObject({ segment: SEG, provider: 'a', acceptanceRate: 1, deliveryRate: 1, completionRate: 1 });
    expect(h.breaker).toEqual({ state: 'closed', ejections: 0, consecutiveFailures: 0 });
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
    expect(r.health(SEG, 'zzz', 0)).toBeUndefined();
  });

  it('keeps statistics at every backoff level but a breaker only per segment', () => {
    const r = new HealthRegistry();
    r.recordSend(SEG, 'a', 0);
    expect(r.list()).toEqual([
      { segment: '*:*:*', provider: 'a' },
      { segment: '*:*:standard', provider: 'a' },
      { segment: 'DE:*:standard', provider: 'a' },
      { segment: SEG, provider: 'a' },
    ]);
    for (let i = 0; i < 5; i++) r.recordTimeout(SEG, 'a', i);
    expect(r.breakerState('DE:*:standard', 'a', 5)).toBe('closed');
    expect(r.health('*:*:*', 'a', 5)?.counts.timedOut).toBeCloseTo(5, 4);
  });

  describe('expectedDeliveryMs', () => {
    const r = new HealthRegistry({ minLatencyWeight: 3 });
    for (let i = 1; i <= 10; i++) r.recordDelivered(SEG, 'a', i * 1_000, 0);
    for (let i = 1; i <= 10; i++) r.recordDelivered('FR:208-01:standard', 'a', 50_000, 0);
    r.recordDelivered('DE:262-03:standard', 'a', 1_000, 0);

    it.each([
      ['the segment itself', ctx(), 9_000, 0.1],
      ['DE:*:standard for another DE operator', ctx({ operator: '262-02' }), 9_000, 0.1],
      ['*:*:standard for another country', ctx({ country: 'US', operator: '310-260' }), 50_000, 0.1],
    ])('uses p90 of %s', (_name, c, expected, tolerance) => {
      expect(Math.abs(r.expectedDeliveryMs(c, 'a', 0) - expected) / expected).toBeLessThan(tolerance);
    });

    it('falls back to defaultExpectedDeliveryMs with no data at any level', () => {
      expect(r.expectedDeliveryMs(ctx(), 'b', 0)).toBe(15_000);
      expect(r.expectedDeliveryMs(ctx({ routeClass: 'premium' }), 'a', 0)).toBeLessThan(60_000);
    });

    it('skips a level whose samples have decayed below minLatencyWeight', () => {
      const g = new HealthRegistry({ defaultExpectedDeliveryMs: 7_000, health: { halfLifeMs: 1_000 } });
      for (let i = 0; i < 4; i++) g.recordDelivered(SEG, 'a', 2_000, 0);
      expect(g.expectedDeliveryMs(ctx(), 'a', 0)).toBeLessThan(2_400);
      expect(g.expectedDeliveryMs(ctx(), 'a', 1_000)).toBe(7_000);
    });
  });

  it('builds a guard candidate', () => {
    const r = new HealthRegistry();
    expect(r.candidate(ctx(), 'a', true, 0)).toEqual({
      provider: 'a',
      premium: true,
      expectedDeliveryMs: 15_000,
      breaker: 'closed',
    });
  });

  it("builds every route's candidate at once, equal to candidate() per route", () => {
    const r = new HealthRegistry();
    for (let i = 0; i < 5; i++) r.recordTimeout(SEG, 'a', i);
    for (let i = 0; i < 4; i++) r.recordDelivered('DE:262-02:standard', 'b', 4_000, 10);
    const routes = [
      { provider: 'a', premium: false },
      { provider: 'b', premium: true },
      { provider: 'c', premium: false },
    ];
    const at = 20;
    expect(r.candidates(ctx({ at }), routes, at)).toEqual(
      routes.map((x) => r.candidate(ctx({ at }), x.provider, x.premium, at)),
    );
    expect(r.candidates(ctx(), routes, at).map((c) => c.breaker)).toEqual(['open', 'closed', 'closed']);
  });

  it('recreates an arm and its coarser levels after they were evicted', () => {
    const r = new HealthRegistry({ maxKeys: 16, minLatencyWeight: 1 });
    r.recordDelivered(SEG, 'a', 1_000, 0);
    for (let i = 10; i < 30; i++) r.recordSend(`FR:208-${i}:premium`, 'z', i);
    expect(r.list().map((k) => k.segment)).not.toContain(SEG);
    r.recordDelivered('DE:262-02:standard', 'a', 60_000, 40);
    r.recordDelivered(SEG, 'a', 1_000, 50);
    expect(
      r
        .list()
        .filter((k) => k.provider === 'a')
        .map((k) => k.segment),
    ).toEqual(['*:*:*', '*:*:standard', 'DE:*:standard', SEG, 'DE:262-02:standard']);
    expect(r.health('DE:*:standard', 'a', 50)?.counts.delivered).toBeCloseTo(2, 4);
  });

  it('evicts the least recently recorded keys beyond maxKeys', () => {
    const r = new HealthRegistry({ maxKeys: 16 });
    for (let i = 10; i < 30; i++) r.recordSend(`DE:262-${i}:standard`, 'a', i);
    const keys = r.list().map((k) => k.segment);
    expect(keys).toHaveLength(16);
    expect(keys).toContain('*:*:*');
    expect(keys).toContain('DE:262-29:standard');
    expect(keys).not.toContain('DE:262-16:standard');
    expect(keys).toContain('DE:262-17:standard');
  });

  it('starts an evicted arm afresh', () => {
    const r = new HealthRegistry({ maxKeys: 16 });
    r.recordSend(SEG, 'a', 0);
    r.recordAccepted(SEG, 'a', 0);
    // Enough other arms to evict SEG's (and its remembered last arm), then SEG again.
    for (let i = 10; i < 30; i++) r.recordSend(`DE:262-${i}:standard`, 'a', 1);
    expect(r.health(SEG, 'a', 1)).toBeUndefined();
    r.recordSend(SEG, 'a', 2);
    r.recordSend(SEG, 'a', 2);
    expect(r.health(SEG, 'a', 2)?.counts.attempts).toBeCloseTo(2, 12);
    expect(r.health(SEG, 'a', 2)?.counts.accepted).toBe(0);
  });

  it('round-trips through a JSON snapshot, breaker included', () => {
    const r = new HealthRegistry();
    for (let i = 0; i < 5; i++) r.recordTimeout(SEG, 'a', i);
    r.recordDelivered(SEG, 'b', 4_000, 10);
    const s = HealthRegistry.restore(JSON.parse(JSON.stringify(r.snapshot())));
    expect(s.list()).toEqual(r.list());
    expect(s.breakerState(SEG, 'a', 100)).toBe('open');
    expect(s.health(SEG, 'b', 1_000)).toEqual(r.health(SEG, 'b', 1_000));
  });

  it('refuses a snapshot of another kind', () => {
    expect(() => HealthRegistry.restore({ kind: 'nope', version: '1', state: { entries: [] } } as never)).toThrow(
      TypeError,
    );
  });

  it('rejects a malformed segment key and keeps nothing for it', () => {
    const r = new HealthRegistry();
    expect(() => r.recordSend('DE-262', 'a', 0)).toThrow(TypeError);
    expect(r.list()).toEqual([]);
  });

  it.each<[HealthRegistryOptions, RegExp]>([
    [{ maxKeys: 4 }, /maxKeys must be an integer in \[16, 10000000\]/],
    [{ defaultExpectedDeliveryMs: 0 }, /defaultExpectedDeliveryMs/],
    [{ expectedDeliveryQuantile: 1 }, /expectedDeliveryQuantile must be in \(0, 1\)/],
    [{ minLatencyWeight: -1 }, /minLatencyWeight/],
    [{ maxPendingTransitions: 0 }, /maxPendingTransitions/],
    [{ breaker: { failureThreshold: 0 } }, /failureThreshold/],
    [{ health: { halfLifeMs: 0 } }, /halfLifeMs/],
  ])('rejects options %o with a RangeError', (options, message) => {
    expect(() => new HealthRegistry(options)).toThrow(RangeError);
    expect(() => new HealthRegistry(options)).toThrow(message);
  });
});
