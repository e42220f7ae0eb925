import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import { operatorForNumber } from '../../providers/simulated/numbering.js';
import { parsePhone } from '../verification/phone-number.js';
import { DEFAULT_TRAFFIC_MIX, drawDemoRequest, validateTrafficMix, type TrafficMix } from './traffic-mix.js';

const draw = (seed: number, n: number, wrong = 0.05) => {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => drawDemoRequest(DEFAULT_TRAFFIC_MIX, wrong, random, DEFAULT_WORLD));
};

describe('drawDemoRequest', () => {
  it('is reproducible from the seed', () => {
    expect(draw(3, 20)).toEqual(draw(3, 20));
    expect(draw(3, 20)).not.toEqual(draw(4, 20));
  });

  it('draws valid mobile numbers of the drawn country and operator', () => {
    for (const r of draw(11, 500)) {
      const parsed = parsePhone(r.to);
      expect(parsed.ok && parsed.phone.country).toBe(r.country);
      expect(operatorForNumber(r.to, DEFAULT_WORLD)).toEqual({ country: r.country, operator: r.operator });
      expect(r.fraudScore).toBeGreaterThanOrEqual(0);
      expect(r.fraudScore).toBeLessThan(1);
    }
  });

  it.each([1, 2, 3])('follows the mix weights (seed %i)', (seed) => {
    const n = 20_000;
    const rs = draw(seed, n);
    const share = (f: (r: (typeof rs)[number]) => boolean) => rs.filter(f).length / n;
    const total = Object.values(DEFAULT_TRAFFIC_MIX.countries).reduce((s, v) => s + v, 0);
    // Binomial sd <= 0.0036 at n = 20 000: 0.015 is > 4 sd.
    expect(share((r) => r.country === 'US')).toBeCloseTo(24 / total, 1);
    expect(Math.abs(share((r) => r.country === 'US') - 24 / total)).toBeLessThan(0.015);
    expect(Math.abs(share((r) => r.action === 'login') - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(share((r) => r.fraudScore >= 0.7) - DEFAULT_TRAFFIC_MIX.highFraudShare)).toBeLessThan(0.01);
    expect(Math.abs(share((r) => r.fraudulent) - DEFAULT_TRAFFIC_MIX.highFraudShare * 0.5)).toBeLessThan(0.006);
    expect(Math.abs(share((r) => r.wrongCodeFirst) - 0.05)).toBeLessThan(0.01);
    const tx = rs.filter((r) => r.action === 'transaction');
    expect(Math.abs(tx.filter((r) => r.routeClass === 'premium').length / tx.length - 0.5)).toBeLessThan(0.05);
    // Only high-fraud users are fraudulent.
    expect(rs.every((r) => !r.fraudulent || r.fraudScore >= 0.7)).toBe(true);
  });

  it('consumes a fixed number of draws, so a share change does not shift later requests', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    drawDemoRequest(DEFAULT_TRAFFIC_MIX, 0, a, DEFAULT_WORLD);
    drawDemoRequest({ ...DEFAULT_TRAFFIC_MIX, highFraudShare: 1 }, 1, b, DEFAULT_WORLD);
    expect(drawDemoRequest(DEFAULT_TRAFFIC_MIX, 0, a, DEFAULT_WORLD)).toEqual(
      drawDemoRequest(DEFAULT_TRAFFIC_MIX, 0, b, DEFAULT_WORLD),
    );
  });
});

describe('validateTrafficMix', () => {
  const bad: [string, Partial<TrafficMix>, RegExp][] = [
    ['unknown country', { countries: { XX: 1 } }, /countries must be among .*, got "XX"/],
    ['zero weights', { countries: { US: 0 } }, /countries must be finite weights >= 0 with a positive sum/],
    [
      'negative weight',
      { actions: { login: -1, signup: 1, password_reset: 1, transaction: 1 } },
      /actions must be finite weights/,
    ],
    ['share above 1', { highFraudShare: 2 }, /highFraudShare must be in \[0, 1\], got 2/],
    [
      'premium share',
      { premiumShare: { login: 0, signup: 0, password_reset: 0, transaction: -1 } },
      /premiumShare.transaction must be in \[0, 1\]/,
    ],
  ];
  it.each(bad)('refuses %s', (_name, change, message) => {
    expect(() => validateTrafficMix({ ...DEFAULT_TRAFFIC_MIX, ...change }, DEFAULT_WORLD)).toThrow(RangeError);
    expect(() => validateTrafficMix({ ...DEFAULT_TRAFFIC_MIX, ...change }, DEFAULT_WORLD)).toThrow(message);
  });
});
