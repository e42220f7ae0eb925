import { describe, expect, it } from 'vitest';
import { operatorForNumber } from '../../providers/simulated/numbering.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { generateTraffic } from './generate-traffic.js';

const HOUR = 3_600_000;
const scenario = (traffic: Record<string, unknown>, durationHours = 4) =>
  parseScenario({ name: 'gen', description: 'generator test', durationHours, traffic: { ratePerHour: 600, countries: { DE: { share: 1 } }, ...traffic } });

describe('generateTraffic', () => {
  it('is deterministic per seed, sorted in time and inside the duration', () => {
    const loaded = scenario({});
    const a = generateTraffic(loaded, 7);
    expect(generateTraffic(loaded, 7)).toEqual(a);
    expect(generateTraffic(loaded, 8)).not.toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.at).toBeGreaterThanOrEqual(a[i - 1]!.at);
    expect(a.every((r, i) => r.index === i && r.at >= loaded.startMs && r.at < loaded.endMs)).toBe(true);
  });

  it('has the Poisson mean and spread of its rate over seeds', () => {
    const loaded = scenario({});
    const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => generateTraffic(loaded, s).length);
    const mean = counts.reduce((x, y) => x + y, 0) / counts.length;
    // 2400 expected; the mean of 8 Poisson counts has sd ~17
    expect(Math.abs(mean - 2400)).toBeLessThan(70);
  });

  it('multiplies the rate inside a burst and follows the local-time profile', () => {
    const burst = generateTraffic(scenario({ bursts: [{ startHour: 1, endHour: 2, multiplier: 10 }] }), 1);
    const inHour = (h: number) => burst.filter((r) => r.at >= burst[0]!.at - (burst[0]!.at % HOUR) + h * HOUR && r.at < burst[0]!.at - (burst[0]!.at % HOUR) + (h + 1) * HOUR).length;
    expect(inHour(1) / inHour(0)).toBeGreaterThan(7);
    const profile = new Array(24).fill(0);
    profile[1] = 1; // 01:00 local in DE (UTC+1) is 00:00 UTC, the scenario start
    const only = generateTraffic(scenario({ hourlyProfile: profile }), 1);
    const start = parseScenario({ name: 'x', description: 'x', durationHours: 1, traffic: { ratePerHour: 1, countries: { DE: { share: 1 } } } }).startMs;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((r) => r.at < start + HOUR)).toBe(true);
  });

  it('draws operators, numbers, classes and fraud as declared', () => {
    const loaded = scenario({
      countries: { DE: { share: 1, operators: { '262-01': 1, '262-03': { share: 1, fromHour: 2 } } } },
      routeClasses: { premium: 1, standard: 1 },
      unknownOperatorShare: 0.2,
      fraudulentShare: 0.1,
      attacks: [{ startHour: 0, endHour: 1, ratePerHour: 300, countries: { DE: 1 }, prefix: '1517' }],
    });
    const reqs = generateTraffic(loaded, 3);
    // legitimate traffic only logs in (the default action mix); attacks sign up
    const legit = reqs.filter((r) => r.action === 'login');
    const attack = reqs.filter((r) => r.action === 'signup');
    expect(attack.length).toBeGreaterThan(200);
    expect(attack.every((r) => r.fraudulent && r.routeClass === 'standard' && r.to.startsWith('+491517'))).toBe(true);
    for (const r of legit) {
      const owner = operatorForNumber(r.to, loaded.world)?.operator;
      expect(['262-01', '262-03']).toContain(owner);
      if (r.operator !== 'unknown') expect(r.operator).toBe(owner);
      if (owner === '262-03') expect(r.at).toBeGreaterThanOrEqual(loaded.startMs + 2 * HOUR);
    }
    const unknownShare = legit.filter((r) => r.operator === 'unknown').length / legit.length;
    expect(unknownShare).toBeGreaterThan(0.15);
    expect(unknownShare).toBeLessThan(0.25);
    const premiumShare = legit.filter((r) => r.routeClass === 'premium').length / legit.length;
    expect(Math.abs(premiumShare - 0.5)).toBeLessThan(0.05);
    const fraudShare = legit.filter((r) => r.fraudulent).length / legit.length;
    expect(Math.abs(fraudShare - 0.1)).toBeLessThan(0.03);
    expect(reqs.every((r) => r.fraudScore >= 0 && r.fraudScore <= 1)).toBe(true);
  });
});
