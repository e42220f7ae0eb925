import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';

const base = {
  name: 'unit',
  description: 'unit test scenario',
  durationHours: 2,
  traffic: { ratePerHour: 100, countries: { DE: { share: 1 } } },
};

type Doc = Record<string, unknown>;
const withTraffic = (traffic: Doc): Doc => ({ ...base, traffic: { ...base.traffic, ...traffic } });

function issuesOf(doc: unknown): readonly string[] {
  try {
    parseScenario(doc, 'doc');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  it('fills defaults, derives world, routing table and reward, and hashes the result', () => {
    const loaded = parseScenario(base);
    expect(loaded.scenario.seeds).toBe(10);
    expect(loaded.scenario.traffic.windowMs).toBe(300_000);
    expect(loaded.scenario.routing).toEqual({ order: 'industry-default' });
    expect(loaded.world.countries.map((c) => c.code)).toEqual(['DE']);
    // industry default: world declaration order of the providers covering DE
    expect(loaded.routingTable.countries.DE?.map((r) => r.provider)).toEqual(['sim-atlas', 'sim-borealis', 'sim-ember']);
    expect(loaded.routingTable.countries.DE?.find((r) => r.provider === 'sim-ember')?.premium).toBe(true);
    expect(loaded.rewardConfig.weights.referencePrices.DE).toBeCloseTo(0.16, 12);
    expect(loaded.endMs - loaded.startMs).toBe(2 * 3_600_000);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseScenario({ ...base, seeds: 10 }).hash).toBe(loaded.hash);
    expect(parseScenario({ ...base, seeds: 3 }).hash).not.toBe(loaded.hash);
    // Reward weights too: one given at the engine's default hashes as if left out.
    expect(parseScenario({ ...base, reward: { cost: 0.2 } }).hash).toBe(loaded.hash);
    expect(parseScenario({ ...base, reward: { cost: 0.3 } }).hash).not.toBe(loaded.hash);
  });

  it('orders the routing table by price when asked, ties by id', () => {
    const loaded = parseScenario({ ...base, routing: { order: 'price' } });
    expect(loaded.routingTable.countries.DE?.map((r) => r.provider)).toEqual(['sim-borealis', 'sim-ember', 'sim-atlas']);
  });

  it('applies coverage overrides, provider settings, added operators and incidents', () => {
    const loaded = parseScenario({
      ...base,
      world: {
        addOperators: [{ country: 'DE', mccMnc: '262-07', name: 'New', share: 1, prefixes: ['1556'] }],
        coverage: [
          { provider: 'sim-borealis', country: 'DE', operator: '262-07', delivery: 0.5 },
          { provider: 'sim-atlas', country: 'DE', priceFactor: 2 },
        ],
        providerSettings: [{ provider: 'sim-ember', capacityPerSecond: 3 }],
      },
      incidents: [{ provider: 'sim-atlas', country: 'DE', startHour: 0.5, endHour: 1, effect: { silent: true } }],
    });
    const borealis = loaded.world.providers.find((p) => p.id === 'sim-borealis');
    expect(borealis?.coverage.find((c) => c.country === 'DE')?.operators?.['262-07']?.delivery).toBe(0.5);
    expect(loaded.world.providers.find((p) => p.id === 'sim-atlas')?.coverage[0]?.priceFactor).toBe(2);
    expect(loaded.world.providers.find((p) => p.id === 'sim-ember')?.capacityPerSecond).toBe(3);
    expect(loaded.world.incidents).toEqual([
      expect.objectContaining({ id: 'incident-1', start: loaded.startMs + 1_800_000, end: loaded.startMs + 3_600_000 }),
    ]);
  });

  it.each<[string, Doc, string]>([
    ['missing name', { ...base, name: undefined }, 'name: '],
    ['bad name', { ...base, name: 'Steady State' }, 'name: must be kebab-case'],
    ['unknown top-level key', { ...base, extra: 1 }, '(root): Unrecognized key: "extra"'],
    ['zero duration', { ...base, durationHours: 0 }, 'durationHours: '],
    ['negative rate', withTraffic({ ratePerHour: -1 }), 'traffic.ratePerHour: '],
    ['bad country code', withTraffic({ countries: { de: { share: 1 } } }), 'traffic.countries.de: '],
    ['no country', withTraffic({ countries: {} }), 'traffic.countries: must list at least one country'],
    ['short hourly profile', withTraffic({ hourlyProfile: [1, 2] }), 'traffic.hourlyProfile: '],
    ['window too long', withTraffic({ windowMs: 900_000 }), 'traffic.windowMs: '],
    ['fraud share above 1', withTraffic({ fraudulentShare: 1.5 }), 'traffic.fraudulentShare: '],
    ['burst ends before it starts', withTraffic({ bursts: [{ startHour: 1, endHour: 0.5, multiplier: 2 }] }), 'traffic.bursts[0].endHour: must be > startHour'],
    ['burst after the end', withTraffic({ bursts: [{ startHour: 3, endHour: 4, multiplier: 2 }] }), 'traffic.bursts[0].startHour: must be < durationHours'],
    ['burst in a country without traffic', withTraffic({ bursts: [{ startHour: 0, endHour: 1, multiplier: 2, country: 'US' }] }), 'traffic.bursts[0].country'],
    ['unknown operator', withTraffic({ countries: { DE: { share: 1, operators: { '262-99': 1 } } } }), 'traffic.countries.DE.operators.262-99: not an operator of DE'],
    ['unknown world country', { ...base, world: { countries: ['DE', 'XX'] } }, 'world.countries[1]: unknown country "XX"'],
    ['unknown provider', { ...base, world: { providers: ['sim-nope'] } }, 'world.providers[0]: unknown provider "sim-nope"'],
    ['override of uncovered country without quality', { ...base, world: { coverage: [{ provider: 'sim-cobalt', country: 'DE', delivery: 0.9 }] } }, 'world.coverage[0]: new coverage of DE needs'],
    ['price factor out of range', { ...base, world: { coverage: [{ provider: 'sim-atlas', country: 'DE', priceFactor: 5 }] } }, 'world.coverage[0].priceFactor: '],
    ['incident with empty effect', { ...base, incidents: [{ provider: 'sim-atlas', country: 'DE', startHour: 0, endHour: 1, effect: {} }] }, 'incidents[0].effect: must change at least one'],
    ['incident for a provider outside the world', { ...base, incidents: [{ provider: 'sim-cobalt', country: 'FR', startHour: 0, endHour: 1, effect: { silent: true } }] }, 'incidents[0].country: "FR" is not in the world'],
    ['duplicate incident ids', { ...base, incidents: [0, 1].map(() => ({ id: 'x', provider: 'sim-atlas', country: 'DE', startHour: 0, endHour: 1, effect: { silent: true } })) }, 'incidents[1].id: "x" is used twice'],
    ['price change for an uncovered country', { ...base, priceChanges: [{ provider: 'sim-cobalt', country: 'DE', atHour: 1, priceFactor: 2 }] }, 'priceChanges[0].country: sim-cobalt does not cover "DE"'],
    ['routing table without the country', { ...base, routing: { table: { FR: ['sim-atlas'] } } }, 'routing.table: country "DE" has traffic but no routes'],
    ['routing table with a non-covering provider', { ...base, routing: { table: { DE: ['sim-cobalt'] } } }, 'routing.table.DE[0]: "sim-cobalt" does not cover DE'],
    ['user curve not starting at 0', { ...base, users: { completionCurve: [[5, 0.9]] } }, 'users.completionCurve: must start at delay 0'],
    ['user curve not increasing', { ...base, users: { completionCurve: [[0, 0.9], [0, 0.5]] } }, 'users.completionCurve: delays must be strictly increasing'],
    ['zero reward completion weight', { ...base, reward: { completion: 0 } }, 'reward.completion: '],
  ])('rejects %s with a path-named issue', (_name, doc, expected) => {
    const issues = issuesOf(doc);
    expect(issues.some((i) => i.startsWith(expected) || i.includes(expected)), issues.join('\n')).toBe(true);
  });

  it('reports every schema issue at once', () => {
    const issues = issuesOf({ ...base, durationHours: -1, seeds: 0 });
    expect(issues.length).toBeGreaterThanOrEqual(2);
  });
});

describe('loadScenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));

  it('reports unreadable files and bad JSON as ScenarioError', () => {
    expect(() => loadScenario(join(dir, 'missing.json'))).toThrow(ScenarioError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    expect(() => loadScenario(bad)).toThrow(/not valid JSON/);
  });

  it('loads every scenario of the standard suite', async () => {
    const { STANDARD_SUITE_FILES } = await import('./standard-suite.js');
    for (const file of STANDARD_SUITE_FILES) expect(() => loadScenario(file), file).not.toThrow();
  });
});
