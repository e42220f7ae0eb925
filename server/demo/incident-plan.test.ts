import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import { createSimulatedNetwork } from '../../providers/simulated/simulated-network.js';
import { validateIncident } from '../../providers/simulated/validate-world.js';
import { DEMO_INCIDENT_EFFECTS, planIncident } from './incident-plan.js';

describe('planIncident', () => {
  it('plans a valid incident on a provider covering the country, reproducibly', () => {
    const a = planIncident(DEFAULT_WORLD, { DE: 1, US: 1 }, mulberry32(2), 1_000, 500, 'demo-1');
    expect(a).toEqual(planIncident(DEFAULT_WORLD, { DE: 1, US: 1 }, mulberry32(2), 1_000, 500, 'demo-1'));
    expect(a.start).toBe(1_000);
    expect(a.end).toBe(1_500);
    expect(a.effect).toEqual(DEMO_INCIDENT_EFFECTS[a.kind]);
    const { kind: _kind, ...incident } = a;
    expect(() => validateIncident(incident, DEFAULT_WORLD)).not.toThrow();
    expect(
      DEFAULT_WORLD.providers.find((p) => p.id === a.provider)?.coverage.some((c) => c.country === a.country),
    ).toBe(true);
  });

  it('is injectable into the network and takes effect', () => {
    const network = createSimulatedNetwork({ seed: 1 });
    const random = mulberry32(4);
    let plan;
    do plan = planIncident(DEFAULT_WORLD, { DE: 1 }, random, 0, 10_000, 'x');
    while (plan.kind !== 'failing');
    const { kind: _kind, ...incident } = plan;
    network.injectIncident(incident);
    const routeClass = 'standard' as const;
    const operator = DEFAULT_WORLD.countries.find((c) => c.code === 'DE')!.operators[0]!.mccMnc;
    expect(network.truth(plan.provider, 'DE', operator, routeClass, 5_000).acceptance).toBe(0);
    expect(network.truth(plan.provider, 'DE', operator, routeClass, 10_000).acceptance).toBeGreaterThan(0);
  });

  it.each([1, 2, 3])('follows the traffic weights and spreads the kinds (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const plans = Array.from({ length: 3_000 }, (_, i) =>
      planIncident(DEFAULT_WORLD, { US: 3, ZA: 1 }, random, 0, 1, `i${i}`),
    );
    const us = plans.filter((p) => p.country === 'US').length / plans.length;
    expect(Math.abs(us - 0.75)).toBeLessThan(0.04);
    const failing = plans.filter((p) => p.kind === 'failing').length / plans.length;
    expect(Math.abs(failing - 0.4)).toBeLessThan(0.04);
    expect(new Set(plans.filter((p) => p.country === 'ZA').map((p) => p.provider))).toEqual(
      new Set(['sim-atlas', 'sim-cobalt', 'sim-ember']),
    );
  });

  it.each([
    [{ XX: 1 }, 1, /countryWeights must name at least one country/],
    [{ DE: 1 }, 0, /durationMs must be a finite number > 0, got 0/],
  ])('refuses %j for %i ms', (weights, duration, message) => {
    expect(() => planIncident(DEFAULT_WORLD, weights, mulberry32(1), 0, duration, 'x')).toThrow(message);
  });
});
