import { describe, expect, it } from 'vitest';
import { createDemoTrafficConfig, DEFAULT_DEMO_TRAFFIC } from './demo-config.js';

describe('createDemoTrafficConfig', () => {
  it('returns the frozen defaults and applies overrides', () => {
    const c = createDemoTrafficConfig({ ratePerSecond: 12, incidentEveryMs: 0 });
    expect(Object.isFrozen(c)).toBe(true);
    expect(c).toEqual({ ...DEFAULT_DEMO_TRAFFIC, ratePerSecond: 12, incidentEveryMs: 0 });
  });

  it.each([
    [{ ratePerSecond: 0 }, /ratePerSecond must be a number in \(0, 500\], got 0/],
    [{ ratePerSecond: 501 }, /ratePerSecond/],
    [{ seed: 1.5 }, /seed must be an integer/],
    [{ maxConcurrentUsers: 0 }, /maxConcurrentUsers must be an integer in \[1, 10000\], got 0/],
    [{ pollIntervalMs: 50 }, /pollIntervalMs must be a number in \[100, 60000\]/],
    [{ pumpingShare: 1.1 }, /pumpingShare must be a number in \[0, 1\], got 1.1/],
    [{ wrongCodeShare: -0.1 }, /wrongCodeShare/],
    [{ incidentEveryMs: 5_000 }, /incidentEveryMs must be a number in \[10000, 86400000\]/],
    [
      { incidentEveryMs: 60_000, incidentDurationMs: 90_000 },
      /incidentDurationMs must be a number in \[1000, 60000\], got 90000/,
    ],
    [{ progressEveryMs: 10 }, /progressEveryMs/],
    [{ requestTimeoutMs: Number.NaN }, /requestTimeoutMs/],
  ])('refuses %j', (overrides, message) => {
    expect(() => createDemoTrafficConfig(overrides)).toThrow(RangeError);
    expect(() => createDemoTrafficConfig(overrides)).toThrow(message);
  });
});
