import { beta, mulberry32 } from '../../engine/rng.js';
import { ACTIONS, type Action, type RouteClass } from '../../engine/types.js';
import { operatorForNumber, randomNumber, randomOperator } from '../../providers/simulated/numbering.js';
import { localHour } from '../../providers/simulated/segment-truth.js';
import type { World } from '../../providers/simulated/world.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { streamSeed } from './stream-seed.js';

/** One simulated verification request, identical for every policy run of a seed. */
export interface SimRequest {
  readonly index: number;
  /** Epoch ms of the request. */
  readonly at: number;
  readonly country: string;
  /** Operator as the router sees it (`"unknown"` when the lookup is not available). */
  readonly operator: string;
  /** E.164 destination; its prefix decides the true operator in the network. */
  readonly to: string;
  readonly routeClass: RouteClass;
  readonly action: Action;
  readonly fraudScore: number;
  /** SMS-pumping traffic: nobody will ever enter the code. */
  readonly fraudulent: boolean;
  /** Seed of this request's user RNG, so the same user behaves alike under every policy. */
  readonly userSeed: number;
  /** Its own verification window, ms (replayed traces); default the scenario's. */
  readonly windowMs?: number;
}

const HOUR_MS = 3_600_000;
/** Piece length of the piecewise-constant rate; 15 min keeps fractional UTC offsets exact. */
const PIECE_HOURS = 0.25;

interface Source {
  readonly weight: number;
  readonly country: string;
  readonly attack?: { readonly prefix?: string };
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], u: number): T {
  let total = 0;
  for (const w of weights) total += w;
  let acc = u * total;
  for (let i = 0; i < items.length; i++) {
    acc -= weights[i] ?? 0;
    if (acc < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

function attackNumber(world: World, country: string, prefix: string, random: () => number): string | undefined {
  const c = world.countries.find((x) => x.code === country);
  if (!c) return undefined;
  const lengths = [...new Set(c.operators.map((o) => o.numberLength ?? c.numberLength))].sort((a, b) => a - b);
  for (let tries = 0; tries < 50; tries++) {
    const length = lengths[tries % lengths.length] ?? c.numberLength;
    let nsn = prefix;
    while (nsn.length < length) nsn += String(Math.floor(random() * 10));
    const number = `+${c.callingCode}${nsn}`;
    if (operatorForNumber(number, world)?.country === country) return number;
  }
  return undefined;
}

/**
 * The request stream of one seed: a non-homogeneous Poisson process whose rate is constant
 * on 15-minute pieces (also split at burst, attack and operator start/end hours). In a piece
 * each country contributes `ratePerHour * share * profile(local hour) * bursts`, with the
 * hourly profile read in the country's local time and normalised to mean 1; active attacks
 * add their own rate of fraudulent traffic. Arrivals use exponential gaps restarted at each
 * piece boundary (exact by memorylessness). Everything is drawn from the `traffic` stream.
 * @throws RangeError when an attack prefix yields no valid number of its country
 */
export function generateTraffic(loaded: LoadedScenario, seed: number): SimRequest[] {
  const { scenario, world, startMs } = loaded;
  const t = scenario.traffic;
  const random = mulberry32(streamSeed(seed, 'traffic'));
  const profile = t.hourlyProfile ?? new Array<number>(24).fill(1);
  const profileMean = profile.reduce((a, b) => a + b, 0) / 24 || 1;
  const countries = Object.keys(t.countries).sort();
  const shareTotal = countries.reduce((s, c) => s + (t.countries[c]?.share ?? 0), 0);
  const offset = new Map(world.countries.map((c) => [c.code, c.utcOffsetHours]));
  const premiumShare = t.routeClasses.premium / (t.routeClasses.premium + t.routeClasses.standard);
  const actions = ACTIONS.filter((a) => t.actions[a] !== undefined);
  const actionWeights = actions.map((a) => t.actions[a] ?? 0);

  const cuts = new Set<number>([0, scenario.durationHours]);
  for (let h = PIECE_HOURS; h < scenario.durationHours; h += PIECE_HOURS) cuts.add(h);
  for (const b of t.bursts) cuts.add(b.startHour).add(b.endHour);
  for (const a of t.attacks) cuts.add(a.startHour).add(a.endHour);
  for (const c of Object.values(t.countries)) {
    for (const s of Object.values(c.operators ?? {})) {
      if (typeof s !== 'number') cuts.add(s.fromHour ?? 0).add(s.toHour ?? 0);
    }
  }
  const edges = [...cuts].filter((h) => h >= 0 && h <= scenario.durationHours).sort((a, b) => a - b);

  const requests: SimRequest[] = [];
  for (let e = 0; e + 1 < edges.length; e++) {
    const h0 = edges[e] as number;
    const h1 = edges[e + 1] as number;
    const mid = startMs + ((h0 + h1) / 2) * HOUR_MS;
    const midHour = (h0 + h1) / 2;
    const sources: Source[] = [];
    for (const country of countries) {
      const share = (t.countries[country]?.share ?? 0) / shareTotal;
      let burst = 1;
      for (const b of t.bursts) {
        if (midHour >= b.startHour && midHour < b.endHour && (b.country === undefined || b.country === country)) burst *= b.multiplier;
      }
      const local = profile[localHour(mid, offset.get(country) ?? 0)] ?? 1;
      sources.push({ weight: t.ratePerHour * share * (local / profileMean) * burst, country });
    }
    for (const a of t.attacks) {
      if (!(midHour >= a.startHour && midHour < a.endHour)) continue;
      const attackCountries = Object.keys(a.countries).sort();
      const total = attackCountries.reduce((s, c) => s + (a.countries[c] ?? 0), 0);
      for (const c of attackCountries) {
        sources.push({ weight: (a.ratePerHour * (a.countries[c] ?? 0)) / total, country: c, attack: { prefix: a.prefix } });
      }
    }
    const rate = sources.reduce((s, x) => s + x.weight, 0);
    if (!(rate > 0)) continue;
    const weights = sources.map((s) => s.weight);
    let hour = h0;
    for (;;) {
      hour += -Math.log(1 - random()) / rate;
      if (hour >= h1) break;
      const source = pickWeighted(sources, weights, random());
      requests.push(makeRequest(loaded, source, startMs + hour * HOUR_MS, hour, requests.length, random, {
        premiumShare,
        actions,
        actionWeights,
      }));
    }
  }
  return requests;
}

function makeRequest(
  loaded: LoadedScenario,
  source: Source,
  at: number,
  hour: number,
  index: number,
  random: () => number,
  mix: { premiumShare: number; actions: readonly Action[]; actionWeights: readonly number[] },
): SimRequest {
  const { world, scenario } = loaded;
  const t = scenario.traffic;
  const { country } = source;
  const fraudulent = source.attack !== undefined || random() < t.fraudulentShare;
  let operator: string;
  let to: string;
  if (source.attack?.prefix !== undefined) {
    const number = attackNumber(world, country, source.attack.prefix, random);
    if (number === undefined) throw new RangeError(`attack prefix "${source.attack.prefix}" yields no valid ${country} number`);
    to = number;
    operator = operatorForNumber(to, world)?.operator ?? 'unknown';
  } else {
    const spec = source.attack === undefined ? t.countries[country]?.operators : undefined;
    const active = Object.entries(spec ?? {}).filter(([, s]) => {
      if (typeof s === 'number') return true;
      return hour >= (s.fromHour ?? 0) && hour < (s.toHour ?? Infinity);
    });
    active.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    operator =
      active.length === 0
        ? randomOperator(country, random, world)
        : pickWeighted(
            active.map(([op]) => op),
            active.map(([, s]) => (typeof s === 'number' ? s : s.share)),
            random(),
          );
    to = randomNumber(country, operator, random, world);
  }
  const visibleOperator = random() < t.unknownOperatorShare ? 'unknown' : operator;
  const routeClass: RouteClass = source.attack === undefined && random() < mix.premiumShare ? 'premium' : 'standard';
  const action: Action = source.attack === undefined ? pickWeighted(mix.actions, mix.actionWeights, random()) : 'signup';
  const score = fraudulent ? t.fraudulentScore : t.fraudScore;
  return {
    index,
    at: Math.round(at),
    country,
    operator: visibleOperator,
    to,
    routeClass,
    action,
    fraudScore: Math.min(1, Math.max(0, beta(random, score.alpha, score.beta))),
    fraudulent,
    userSeed: Math.floor(random() * 4294967296) >>> 0,
  };
}
