import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BREAKER,
  INITIAL_BREAKER,
  applyBreakerSignal,
  breakerStateAt,
  validateBreakerConfig,
  type Breaker,
  type BreakerSignal,
  type BreakerTransition,
} from './circuit-breaker.js';

const C = DEFAULT_BREAKER;

/** Feeds signals in order, collecting transitions. */
function feed(
  b: Breaker,
  steps: readonly [BreakerSignal, number][],
): { breaker: Breaker; transitions: BreakerTransition[] } {
  const transitions: BreakerTransition[] = [];
  for (const [signal, at] of steps) {
    const s = applyBreakerSignal(b, signal, at, C);
    b = s.breaker;
    transitions.push(...s.transitions);
  }
  return { breaker: b, transitions };
}

const failures = (n: number, from: number): [BreakerSignal, number][] =>
  Array.from({ length: n }, (_, i) => ['failure', from + i]);

describe('circuit breaker (Envoy consecutive-failure outlier detection)', () => {
  it('stays closed after 4 failures and ejects on the 5th for 30 s', () => {
    const four = feed(INITIAL_BREAKER, failures(4, 0));
    expect(breakerStateAt(four.breaker, 4, C)).toBe('closed');
    const five = feed(four.breaker, [['failure', 4]]);
    expect(five.transitions).toEqual([
      { at: 4, from: 'closed', to: 'open', reason: 'consecutive_failures', ejections: 1, ejectedUntil: 30_004 },
    ]);
    expect(breakerStateAt(five.breaker, 30_003, C)).toBe('open');
    expect(breakerStateAt(five.breaker, 30_004, C)).toBe('half-open');
  });

  it('resets the run of failures on a success', () => {
    const { breaker } = feed(INITIAL_BREAKER, [...failures(4, 0), ['success', 10], ...failures(4, 20)]);
    expect(breakerStateAt(breaker, 30, C)).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(4);
  });

  it('half-open admits exactly one probe until its result or the probe timeout', () => {
    const open = feed(INITIAL_BREAKER, failures(5, 0)).breaker;
    const t = 30_004;
    const probing = feed(open, [['send', t]]);
    expect(probing.transitions).toEqual([
      { at: t, from: 'open', to: 'half-open', reason: 'ejection_elapsed', ejections: 1 },
    ]);
    expect(breakerStateAt(probing.breaker, t, C)).toBe('open');
    const second = feed(probing.breaker, [['send', t + 1_000]]);
    expect(second.breaker.probeAt).toBe(t);
    expect(breakerStateAt(second.breaker, t + C.probeTimeoutMs - 1, C)).toBe('open');
    expect(breakerStateAt(second.breaker, t + C.probeTimeoutMs, C)).toBe('half-open');
  });

  it('closes when the probe succeeds', () => {
    const open = feed(INITIAL_BREAKER, failures(5, 0)).breaker;
    const { breaker, transitions } = feed(open, [
      ['send', 40_000],
      ['success', 41_000],
    ]);
    expect(breakerStateAt(breaker, 41_000, C)).toBe('closed');
    expect(transitions.map((t) => `${t.from}->${t.to}:${t.reason}`)).toEqual([
      'open->half-open:ejection_elapsed',
      'half-open->closed:probe_succeeded',
    ]);
  });

  it('re-ejects on probe failure for base x ejections, capped at 300 s', () => {
    let { breaker } = feed(INITIAL_BREAKER, failures(5, 0));
    const durations = [breaker.ejectedUntil - 4];
    for (let i = 0; i < 11; i++) {
      const at = breaker.ejectedUntil;
      const s = feed(breaker, [
        ['send', at],
        ['failure', at + 1],
      ]);
      breaker = s.breaker;
      expect(s.transitions.at(-1)?.reason).toBe('probe_failed');
      durations.push(breaker.ejectedUntil - (at + 1));
    }
    expect(durations.map((d) => d / 1_000)).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300]);
    expect(breaker.ejections).toBe(10);
  });

  it('forgives one ejection per multiplierDecayMs spent closed', () => {
    const open = feed(INITIAL_BREAKER, failures(5, 0)).breaker;
    const closed = feed(open, [
      ['send', 30_004],
      ['success', 30_010],
    ]).breaker;
    const soon = feed(closed, failures(5, 31_000)).breaker;
    expect(soon.ejectedUntil - 31_004).toBe(60_000);
    const later = feed(closed, failures(5, 30_010 + C.multiplierDecayMs)).breaker;
    expect(later.ejectedUntil - (30_014 + C.multiplierDecayMs)).toBe(30_000);
  });

  it('ignores signals while open', () => {
    const open = feed(INITIAL_BREAKER, failures(5, 0)).breaker;
    const s = feed(open, [
      ['success', 100],
      ['failure', 200],
      ['send', 300],
    ]);
    expect(s.breaker).toEqual(open);
    expect(s.transitions).toEqual([]);
  });

  it('never mutates its input', () => {
    const frozen = Object.freeze({ ...INITIAL_BREAKER, consecutiveFailures: 4 });
    expect(() => applyBreakerSignal(frozen, 'failure', 0, C)).not.toThrow();
    expect(frozen.consecutiveFailures).toBe(4);
  });

  it.each([
    [{ failureThreshold: 0 }, /failureThreshold must be an integer in \[1, 1000\]/],
    [{ baseEjectionMs: -5 }, /baseEjectionMs/],
    [{ maxEjectionMs: 10_000 }, /maxEjectionMs must be >= baseEjectionMs/],
    [{ probeTimeoutMs: 0 }, /probeTimeoutMs/],
    [{ multiplierDecayMs: Number.NaN }, /multiplierDecayMs/],
  ])('rejects config %o with a RangeError', (patch, message) => {
    expect(() => validateBreakerConfig({ ...C, ...patch })).toThrow(RangeError);
    expect(() => validateBreakerConfig({ ...C, ...patch })).toThrow(message);
  });
});
