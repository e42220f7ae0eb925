import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import { validateWorld } from '../../providers/simulated/validate-world.js';
import type { CoverageDef, Incident, OperatorOverride, ProviderDef, World } from '../../providers/simulated/world.js';
import type { Scenario } from './scenario-schema.js';

const HOUR_MS = 3_600_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Countries a scenario sends traffic to (main traffic, attacks, bursts), sorted. */
export function trafficCountries(scenario: Scenario): string[] {
  const set = new Set(Object.keys(scenario.traffic.countries));
  for (const a of scenario.traffic.attacks) for (const c of Object.keys(a.countries)) set.add(c);
  return [...set].sort();
}

/**
 * The scenario's world: the default world of providers/ cut down to the scenario's
 * countries and providers, with added operators, coverage overrides, provider settings,
 * extra time-of-day effects and the scenario's incidents (hours after `startMs` become
 * absolute epoch ms). Cross-references are checked here and reported with the scenario
 * path; the result is then checked again by `validateWorld`.
 * @returns the world, or the list of `path: message` problems
 */
export function buildWorld(scenario: Scenario, startMs: number): { world: World } | { issues: string[] } {
  const spec = scenario.world;
  const issues: string[] = [];
  const base = DEFAULT_WORLD;
  const countryCodes = spec.countries ?? trafficCountries(scenario);
  const known = new Set(base.countries.map((c) => c.code));
  countryCodes.forEach((c, i) => {
    if (!known.has(c)) issues.push(`world.countries[${i}]: unknown country "${c}" (the default world has ${[...known].join(', ')})`);
  });
  const kept = new Set(countryCodes.filter((c) => known.has(c)));
  trafficCountries(scenario).forEach((c) => {
    if (!kept.has(c)) issues.push(`traffic: country "${c}" is not in the scenario's world`);
  });
  const providerIds = spec.providers ?? base.providers.map((p) => p.id);
  const baseProviders = new Map(base.providers.map((p) => [p.id, p]));
  providerIds.forEach((p, i) => {
    if (!baseProviders.has(p)) issues.push(`world.providers[${i}]: unknown provider "${p}" (have ${[...baseProviders.keys()].join(', ')})`);
  });

  const countries = base.countries
    .filter((c) => kept.has(c.code))
    .map((c) => ({ ...c, operators: [...c.operators] }));
  spec.addOperators.forEach((op, i) => {
    const country = countries.find((c) => c.code === op.country);
    if (!country) issues.push(`world.addOperators[${i}].country: "${op.country}" is not in the scenario's world`);
    else if (country.operators.some((o) => o.mccMnc === op.mccMnc)) issues.push(`world.addOperators[${i}].mccMnc: "${op.mccMnc}" exists`);
    else country.operators.push({ mccMnc: op.mccMnc, name: op.name, share: op.share, prefixes: op.prefixes });
  });

  const providers: Mutable<ProviderDef>[] = providerIds.flatMap((id) => {
    const p = baseProviders.get(id);
    if (!p) return [];
    return [
      {
        ...p,
        coverage: p.coverage.filter((c) => kept.has(c.country)),
        timeOfDay: p.timeOfDay.filter((t) => t.country === '*' || kept.has(t.country)),
      },
    ];
  });
  const providerAt = (path: string, id: string): Mutable<ProviderDef> | undefined => {
    const p = providers.find((x) => x.id === id);
    if (!p) issues.push(`${path}.provider: "${id}" is not in the scenario's world`);
    return p;
  };

  spec.coverage.forEach((ov, i) => {
    const path = `world.coverage[${i}]`;
    const p = providerAt(path, ov.provider);
    if (!p) return;
    if (!kept.has(ov.country)) return issues.push(`${path}.country: "${ov.country}" is not in the scenario's world`);
    const index = p.coverage.findIndex((c) => c.country === ov.country);
    const existing = p.coverage[index];
    if (ov.operator !== undefined) {
      const country = countries.find((c) => c.code === ov.country);
      if (!country?.operators.some((o) => o.mccMnc === ov.operator)) {
        return issues.push(`${path}.operator: "${ov.operator}" is not an operator of ${ov.country}`);
      }
      if (!existing) return issues.push(`${path}: ${ov.provider} does not cover ${ov.country}; add country coverage first`);
      if (ov.routeClasses !== undefined) return issues.push(`${path}.routeClasses: only allowed without operator`);
      const { provider: _p, country: _c, operator, routeClasses: _r, ...quality } = ov;
      const operators: Record<string, OperatorOverride> = { ...existing.operators };
      operators[operator] = { ...operators[operator], ...quality };
      p.coverage = replaceAt(p.coverage, index, { ...existing, operators });
      return;
    }
    const { provider: _p, country, operator: _o, covered, ...fields } = ov;
    if (covered === false) {
      p.coverage = p.coverage.filter((c) => c.country !== country);
      return;
    }
    if (existing) {
      p.coverage = replaceAt(p.coverage, index, { ...existing, ...fields });
      return;
    }
    const { acceptance, delivery, latencyMedianMs, latencySigma, priceFactor, routeClasses } = fields;
    if (acceptance === undefined || delivery === undefined || latencyMedianMs === undefined || latencySigma === undefined) {
      return issues.push(`${path}: new coverage of ${country} needs acceptance, delivery, latencyMedianMs and latencySigma`);
    }
    p.coverage = [
      ...p.coverage,
      { country, acceptance, delivery, latencyMedianMs, latencySigma, priceFactor: priceFactor ?? 1, routeClasses: routeClasses ?? ['standard'] },
    ];
  });

  spec.providerSettings.forEach((s, i) => {
    const p = providerAt(`world.providerSettings[${i}]`, s.provider);
    if (!p) return;
    if (s.capacityPerSecond !== undefined) p.capacityPerSecond = s.capacityPerSecond;
    if (s.maxQueueMs !== undefined) p.maxQueueMs = s.maxQueueMs;
    if (s.receiptLoss !== undefined) p.receiptLoss = s.receiptLoss;
  });
  spec.timeOfDay.forEach((t, i) => {
    const p = providerAt(`world.timeOfDay[${i}]`, t.provider);
    if (!p) return;
    if (t.country !== '*' && !kept.has(t.country)) issues.push(`world.timeOfDay[${i}].country: "${t.country}" is not in the world`);
    else p.timeOfDay = [...p.timeOfDay, { country: t.country, fromHour: t.fromHour, toHour: t.toHour, effect: t.effect }];
  });

  const incidents: Incident[] = scenario.incidents.map((inc, i) => {
    const { startHour, endHour, id, ...rest } = inc;
    return { ...rest, id: id ?? `incident-${i + 1}`, start: startMs + startHour * HOUR_MS, end: startMs + endHour * HOUR_MS };
  });
  scenario.incidents.forEach((inc, i) => {
    if (!providers.some((p) => p.id === inc.provider)) issues.push(`incidents[${i}].provider: "${inc.provider}" is not in the world`);
    if (!kept.has(inc.country)) issues.push(`incidents[${i}].country: "${inc.country}" is not in the world`);
  });

  if (issues.length > 0) return { issues };
  try {
    return { world: validateWorld({ countries, providers, routeClasses: base.routeClasses, incidents }) };
  } catch (error) {
    return { issues: [`world (after overrides): ${(error as Error).message}`] };
  }
}

function replaceAt(list: readonly CoverageDef[], index: number, value: CoverageDef): CoverageDef[] {
  return list.map((c, i) => (i === index ? value : c));
}
