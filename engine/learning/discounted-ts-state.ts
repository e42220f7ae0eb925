import { ANY, backoffKeys, parseSegmentKey } from '../context/segment.js';
import type { ProviderId } from '../types.js';
import { ArmStats, DiscountedLevel } from './beta-arm-stats.js';
import { newPageHinkley, type PageHinkleyState } from './change-detector.js';
import type { CacheEntry } from './probability-cache.js';

/** The four backoff levels of one segment (most specific first) and its cached probability vectors. */
export interface Chain {
  readonly levels: readonly DiscountedLevel[];
  readonly entries: CacheEntry[];
}

const DETECTOR_FIELDS = ['n', 'mean', 'up', 'upMin', 'down', 'downMax'] as const;

/**
 * JSON-serialisable state of a discounted-TS policy: plain objects, arrays and finite
 * numbers (the clock and level times are `null` before the first update). Every level is
 * written in creation order, which is the order of each parent's children, and cached
 * probability vectors are included, so a restored policy makes exactly the same
 * subsequent selections (JSON round-trips doubles exactly).
 */
export function writeDiscountedTsState(
  levels: ReadonlyMap<string, DiscountedLevel>,
  chains: ReadonlyMap<string, Chain>,
  clock: number,
): unknown {
  return {
    clock: finiteOrNull(clock),
    levels: [...levels.values()].map((level) => ({
      key: level.key,
      step: level.step,
      total: level.total,
      epoch: level.epoch,
      at: finiteOrNull(level.at),
      arms: [...level.arms].map(([provider, arm]) => ({
        provider,
        n: arm.n,
        s: arm.s,
        q: arm.q,
        at: arm.at,
        detector:
          arm.detector === null
            ? null
            : { ...arm.detector, upPos: finiteOrNull(arm.detector.upPos), downPos: finiteOrNull(arm.detector.downPos) },
      })),
    })),
    chains: [...chains]
      .filter(([, chain]) => chain.entries.length > 0)
      .map(([segment, chain]) => ({
        segment,
        entries: chain.entries.map((e) => ({
          eligible: [...e.eligible],
          probabilities: [...e.probabilities],
          scores: [...e.scores],
          steps: [...e.steps],
          limits: [...e.limits],
          epochs: [...e.epochs],
        })),
      })),
  };
}

/** Key of the next more general backoff level, or undefined for the global level. */
export function parentKey(key: string): string | undefined {
  const { country, operator, routeClass } = parseSegmentKey(key);
  if (operator !== ANY) return `${country}:${ANY}:${routeClass}`;
  if (country !== ANY) return `${ANY}:${ANY}:${routeClass}`;
  if (routeClass !== ANY) return `${ANY}:${ANY}:${ANY}`;
  return undefined;
}

/**
 * Rebuilds the state written by {@link writeDiscountedTsState}, linking each level to its
 * parent's children in the order written.
 * @throws TypeError naming the first malformed field
 */
export function readDiscountedTsState(
  state: unknown,
  halfLifeMs: number,
): { levels: Map<string, DiscountedLevel>; chains: Map<string, Chain>; clock: number } {
  const root = record(state, 'state');
  const clock = root.clock === null ? -Infinity : num(root.clock, 'state.clock');
  const levels = new Map<string, DiscountedLevel>();
  list(root.levels, 'state.levels').forEach((raw, i) => {
    const path = `state.levels[${i}]`;
    const l = record(raw, path);
    const key = text(l.key, `${path}.key`);
    try {
      parseSegmentKey(key);
    } catch {
      throw new TypeError(`${path}.key must be a segment key, got "${key}"`);
    }
    const level = new DiscountedLevel(key, halfLifeMs);
    level.step = num(l.step, `${path}.step`);
    level.total = num(l.total, `${path}.total`);
    level.epoch = num(l.epoch, `${path}.epoch`);
    level.at = l.at === null ? -Infinity : num(l.at, `${path}.at`);
    list(l.arms, `${path}.arms`).forEach((rawArm, j) => {
      const a = record(rawArm, `${path}.arms[${j}]`);
      const arm = new ArmStats(
        num(a.n, `${path}.arms[${j}].n`),
        num(a.s, `${path}.arms[${j}].s`),
        num(a.q, `${path}.arms[${j}].q`),
        num(a.at, `${path}.arms[${j}].at`),
        a.detector === null ? null : detector(a.detector, `${path}.arms[${j}].detector`),
      );
      level.arms.set(text(a.provider, `${path}.arms[${j}].provider`), arm);
    });
    levels.set(level.key, level);
  });
  const levelFor = (key: string): DiscountedLevel => {
    let level = levels.get(key);
    if (level === undefined) {
      const above = parentKey(key);
      const parent = above === undefined ? undefined : levelFor(above);
      levels.set(key, (level = new DiscountedLevel(key, halfLifeMs)));
      parent?.children.push(level);
    }
    return level;
  };
  for (const level of [...levels.values()]) {
    const above = parentKey(level.key);
    if (above !== undefined) levelFor(above).children.push(level);
  }
  const chains = new Map<string, Chain>();
  list(root.chains, 'state.chains').forEach((raw, i) => {
    const path = `state.chains[${i}]`;
    const c = record(raw, path);
    const segment = text(c.segment, `${path}.segment`);
    let parts: ReturnType<typeof parseSegmentKey>;
    try {
      parts = parseSegmentKey(segment);
    } catch {
      throw new TypeError(`${path}.segment must be a concrete segment key, got "${segment}"`);
    }
    const { country, operator, routeClass } = parts;
    if (country === ANY || operator === ANY || routeClass === ANY)
      throw new TypeError(`${path}.segment must be a concrete segment key, got "${segment}"`);
    const entries = list(c.entries, `${path}.entries`).map((e, j) => entry(e, `${path}.entries[${j}]`));
    chains.set(segment, { levels: backoffKeys({ country, operator, routeClass }).map(levelFor), entries });
  });
  return { levels, chains, clock };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function entry(raw: unknown, path: string): CacheEntry {
  const e = record(raw, path);
  const eligible = list(e.eligible, `${path}.eligible`).map(
    (id, i) => text(id, `${path}.eligible[${i}]`) as ProviderId,
  );
  const numbers = (v: unknown, field: string, length: number): number[] => {
    const values = list(v, `${path}.${field}`).map((x, i) => num(x, `${path}.${field}[${i}]`));
    if (values.length !== length)
      throw new TypeError(`${path}.${field} must have ${length} entries, got ${values.length}`);
    return values;
  };
  if (eligible.length === 0) throw new TypeError(`${path}.eligible must not be empty`);
  return {
    eligible: Object.freeze(eligible),
    probabilities: Float64Array.from(numbers(e.probabilities, 'probabilities', eligible.length)),
    scores: Float64Array.from(numbers(e.scores, 'scores', eligible.length)),
    steps: numbers(e.steps, 'steps', 4),
    limits: numbers(e.limits, 'limits', 4),
    epochs: numbers(e.epochs, 'epochs', 4),
  };
}

function detector(raw: unknown, path: string): PageHinkleyState {
  const d = record(raw, path);
  const out = newPageHinkley();
  for (const field of DETECTOR_FIELDS) out[field] = num(d[field], `${path}.${field}`);
  // Change-point positions: absent in snapshots written before them, null for "none since the reset".
  for (const field of ['upPos', 'downPos'] as const) {
    if (d[field] !== undefined && d[field] !== null) out[field] = num(d[field], `${path}.${field}`);
  }
  return out;
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${path} must be an object`);
  return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${path} must be an array`);
  return v;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${path} must be a finite number`);
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new TypeError(`${path} must be a non-empty string`);
  return v;
}
