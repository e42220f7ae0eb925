import { readFileSync } from 'node:fs';
import type { RewardConfig } from '../../engine/reward/reward-weights.js';
import type { RoutingTable } from '../../engine/routing-table.js';
import type { World } from '../../providers/simulated/world.js';
import { buildWorld, trafficCountries } from './build-world.js';
import { canonicalHash } from './canonical-json.js';
import { rewardFromScenario } from './reward-from-scenario.js';
import { routingFromWorld } from './routing-from-world.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

const HOUR_MS = 3_600_000;

/** A validated scenario with everything derived from it. Immutable by convention. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** sha256 of the canonical JSON of the validated scenario (defaults filled in). */
  readonly hash: string;
  readonly world: World;
  readonly routingTable: RoutingTable;
  readonly rewardConfig: RewardConfig;
  /** Epoch ms of simulated time 0 and of the end of traffic. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Reward weights that replace a scenario's own (`npm run bench -- --reward ...`). */
export interface RewardOverride {
  readonly completion?: number;
  readonly latency?: number;
  readonly cost?: number;
}

/** `["traffic", "bursts", 0, "endHour"]` -> `traffic.bursts[0].endHour`. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function crossChecks(s: Scenario): string[] {
  const issues: string[] = [];
  const span = (path: string, start: number, end: number): void => {
    if (!(end > start)) issues.push(`${path}.endHour: must be > startHour (${start}), got ${end}`);
    if (start >= s.durationHours) issues.push(`${path}.startHour: must be < durationHours (${s.durationHours}), got ${start}`);
  };
  s.traffic.bursts.forEach((b, i) => {
    span(`traffic.bursts[${i}]`, b.startHour, b.endHour);
    if (b.country !== undefined && !(b.country in s.traffic.countries)) {
      issues.push(`traffic.bursts[${i}].country: "${b.country}" is not in traffic.countries`);
    }
  });
  s.traffic.attacks.forEach((a, i) => span(`traffic.attacks[${i}]`, a.startHour, a.endHour));
  s.incidents.forEach((inc, i) => span(`incidents[${i}]`, inc.startHour, inc.endHour));
  s.priceChanges.forEach((p, i) => {
    if (p.atHour >= s.durationHours) issues.push(`priceChanges[${i}].atHour: must be < durationHours (${s.durationHours}), got ${p.atHour}`);
  });
  for (const [country, c] of Object.entries(s.traffic.countries)) {
    for (const [op, share] of Object.entries(c.operators ?? {})) {
      if (typeof share === 'number' || share.fromHour === undefined || share.toHour === undefined) continue;
      if (!(share.toHour > share.fromHour)) {
        issues.push(`traffic.countries.${country}.operators.${op}.toHour: must be > fromHour (${share.fromHour}), got ${share.toHour}`);
      }
    }
  }
  const ids = s.incidents.map((inc, i) => inc.id ?? `incident-${i + 1}`);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push(`incidents[${i}].id: "${id}" is used twice`);
  });
  return issues;
}

function operatorChecks(s: Scenario, world: World): string[] {
  const issues: string[] = [];
  for (const [country, c] of Object.entries(s.traffic.countries)) {
    const operators = new Set(world.countries.find((w) => w.code === country)?.operators.map((o) => o.mccMnc));
    for (const op of Object.keys(c.operators ?? {})) {
      if (op !== 'unknown' && !operators.has(op)) {
        issues.push(`traffic.countries.${country}.operators.${op}: not an operator of ${country} in this world`);
      }
    }
  }
  s.priceChanges.forEach((p, i) => {
    const provider = world.providers.find((w) => w.id === p.provider);
    if (!provider) issues.push(`priceChanges[${i}].provider: "${p.provider}" is not in the world`);
    else if (!provider.coverage.some((c) => c.country === p.country)) {
      issues.push(`priceChanges[${i}].country: ${p.provider} does not cover "${p.country}"`);
    }
  });
  return issues;
}

/**
 * Validates a parsed scenario document: the zod schema first (every issue with its path),
 * then cross-field checks (spans inside the duration, references to the world's
 * countries, operators and providers), then the world, routing table and reward config.
 * @throws ScenarioError listing every problem found at the first failing stage
 */
export function parseScenario(raw: unknown, source = 'scenario'): LoadedScenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(
      source,
      parsed.error.issues.map((i) => `${i.path.length > 0 ? issuePath(i.path) : '(root)'}: ${i.message}`),
    );
  }
  const scenario = parsed.data;
  const early = crossChecks(scenario);
  if (early.length > 0) throw new ScenarioError(source, early);
  const startMs = Date.parse(scenario.start);
  const built = buildWorld(scenario, startMs);
  if ('issues' in built) throw new ScenarioError(source, built.issues);
  const late = operatorChecks(scenario, built.world);
  if (late.length > 0) throw new ScenarioError(source, late);
  const routing = routingFromWorld(scenario, built.world, trafficCountries(scenario));
  if ('issues' in routing) throw new ScenarioError(source, routing.issues);
  let rewardConfig: RewardConfig;
  try {
    rewardConfig = rewardFromScenario(scenario, built.world);
  } catch (error) {
    throw new ScenarioError(source, [`reward: ${(error as Error).message}`]);
  }
  return {
    scenario,
    hash: canonicalHash(scenario),
    world: built.world,
    routingTable: routing.table,
    rewardConfig,
    startMs,
    endMs: startMs + scenario.durationHours * HOUR_MS,
  };
}

/**
 * Reads and validates a scenario file. `options.reward` replaces the scenario's reward weights
 * before validation, so the hash and every derived config are those of the scenario as run.
 * @throws ScenarioError for unreadable, non-JSON or invalid files, or weights out of range
 */
export function loadScenario(file: string, options: { readonly reward?: RewardOverride } = {}): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, [`(file): ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(file, [`(file): not valid JSON: ${(error as Error).message}`]);
  }
  const reward = options.reward;
  if (reward !== undefined && Object.keys(reward).length > 0 && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const own = (raw as { reward?: unknown }).reward;
    raw = { ...raw, reward: { ...(typeof own === 'object' && own !== null ? own : {}), ...reward } };
  }
  return parseScenario(raw, file);
}
