import { sampleIndex } from '../../engine/rng.js';
import { ACTIONS, ROUTE_CLASSES, type Action, type RouteClass } from '../../engine/types.js';
import { randomNumber, randomOperator } from '../../providers/simulated/numbering.js';
import type { World } from '../../providers/simulated/world.js';

/** Who sends the demo verifications: where to, why, and how suspicious. */
export interface TrafficMix {
  /** Relative weights per country (ISO alpha-2 of the world); a few heavy ones make learning visible. */
  readonly countries: Readonly<Record<string, number>>;
  readonly actions: Readonly<Record<Action, number>>;
  /** P(premium route class) per action. */
  readonly premiumShare: Readonly<Record<Action, number>>;
  /** Share of requests with a high fraud score, in [0.7, 1): premium-only above 0.7, refused above 0.9. */
  readonly highFraudShare: number;
  /** P(a high-fraud user is really fraudulent and never enters the code). */
  readonly fraudulentIfHighFraud: number;
}

export const DEFAULT_TRAFFIC_MIX: TrafficMix = Object.freeze({
  countries: Object.freeze({ US: 24, DE: 16, IN: 14, BR: 12, GB: 8, ID: 6, MX: 5, FR: 5, NG: 4, PH: 3, ZA: 3 }),
  actions: Object.freeze({ login: 60, signup: 20, password_reset: 10, transaction: 10 }),
  premiumShare: Object.freeze({ login: 0.05, signup: 0.05, password_reset: 0.1, transaction: 0.5 }),
  highFraudShare: 0.04,
  fraudulentIfHighFraud: 0.5,
});

/** One simulated person asking for a code. */
export interface DemoRequest {
  readonly kind: 'user';
  readonly to: string;
  readonly country: string;
  readonly operator: string;
  readonly action: Action;
  readonly routeClass: RouteClass;
  /** In [0, 1), two decimals. */
  readonly fraudScore: number;
  /** Never enters the code, whatever arrives. */
  readonly fraudulent: boolean;
  /** Types a wrong code once before the right one. */
  readonly wrongCodeFirst: boolean;
  /** Seed of this user's own RNG (typing time, wrong code), so users do not share a stream. */
  readonly userSeed: number;
}

function pick<K extends string>(weights: Readonly<Record<K, number>>, random: () => number): K {
  const keys = Object.keys(weights) as K[];
  const values = keys.map((k) => weights[k]);
  const total = values.reduce((s, v) => s + v, 0);
  return keys[
    sampleIndex(
      values.map((v) => v / total),
      random(),
    )
  ] as K;
}

/**
 * @throws RangeError naming the field: weights must be >= 0 with a positive sum, countries
 *   must exist in `world`, shares must be in [0, 1]
 */
export function validateTrafficMix(mix: TrafficMix, world: World): TrafficMix {
  const known = new Set(world.countries.map((c) => c.code));
  const weights = (name: string, w: Readonly<Record<string, number>>): void => {
    const values = Object.values(w);
    if (values.some((v) => !(Number.isFinite(v) && v >= 0)) || !(values.reduce((s, v) => s + v, 0) > 0)) {
      throw new RangeError(`${name} must be finite weights >= 0 with a positive sum`);
    }
  };
  weights('countries', mix.countries);
  for (const c of Object.keys(mix.countries)) {
    if (!known.has(c)) throw new RangeError(`countries must be among ${[...known].join(', ')}, got "${c}"`);
  }
  weights('actions', mix.actions);
  for (const a of Object.keys(mix.actions)) {
    if (!(ACTIONS as readonly string[]).includes(a))
      throw new RangeError(`actions must be among ${ACTIONS.join(', ')}, got "${a}"`);
  }
  for (const [name, v] of [
    ...Object.entries(mix.premiumShare).map(([a, s]) => [`premiumShare.${a}`, s] as const),
    ['highFraudShare', mix.highFraudShare] as const,
    ['fraudulentIfHighFraud', mix.fraudulentIfHighFraud] as const,
  ]) {
    if (!(Number.isFinite(v) && v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${String(v)}`);
  }
  return mix;
}

/**
 * Draws one user request from the mix: country by weight, operator by market share, a
 * valid mobile number of that operator, action, route class, fraud score (low scores are
 * skewed towards 0: 0.7 x u^2; high ones uniform in [0.7, 1)) and behaviour flags.
 * Consumes a fixed number of draws per request whatever the outcome, so a change of one
 * share does not shift every later request.
 */
export function drawDemoRequest(
  mix: TrafficMix,
  wrongCodeShare: number,
  random: () => number,
  world: World,
): DemoRequest {
  const country = pick(mix.countries, random);
  const operator = randomOperator(country, random, world);
  const to = randomNumber(country, operator, random, world);
  const action = pick(mix.actions, random);
  const [uClass, uBand, uScore, uFraud, uWrong, uSeed] = [random(), random(), random(), random(), random(), random()];
  const high = uBand < mix.highFraudShare;
  const score = high ? 0.7 + 0.3 * uScore : 0.7 * uScore * uScore;
  return {
    kind: 'user',
    to,
    country,
    operator,
    action,
    routeClass: uClass < mix.premiumShare[action] ? ROUTE_CLASSES[0] : ROUTE_CLASSES[1],
    fraudScore: Math.min(0.99, Math.floor(score * 100) / 100),
    fraudulent: high && uFraud < mix.fraudulentIfHighFraud,
    wrongCodeFirst: uWrong < wrongCodeShare,
    userSeed: Math.floor(uSeed * 2 ** 32),
  };
}
