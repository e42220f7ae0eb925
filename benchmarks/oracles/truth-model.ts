import { attemptBudgetMs, DEFAULT_ATTEMPT_BUDGET_CONFIG, type AttemptBudgetConfig } from '../../engine/failover/attempt-budget.js';
import { DEFAULT_HEALTH_REGISTRY } from '../../engine/health/health-registry-config.js';
import { normalQuantile } from '../../engine/learning/normal-cdf.js';
import type { RewardWeights } from '../../engine/reward/reward-weights.js';
import type { ProviderId, RouteClass } from '../../engine/types.js';
import { lognormalCdf } from '../../providers/simulated/lognormal.js';
import { countAtOrBefore, countryLocalHour, type SegmentTruth } from '../../providers/simulated/segment-truth.js';
import { RECEIPT_LAG_MEDIAN_MS, RECEIPT_LAG_SIGMA } from '../../providers/simulated/simulated-network.js';
import type { SimNetwork } from '../sim/price-changes.js';
import type { UserModel } from '../sim/user-model.js';

/** Standard-normal quantiles at the midpoints of 8 equiprobable bins, Phi^-1((k + 0.5) / 8). */
const NODES = [-1.5341, -0.8871, -0.4888, -0.1573, 0.1573, 0.4888, 0.8871, 1.5341] as const;
/** Truth is piecewise constant between grid points (local hours) and boundaries (incidents, price changes). */
const GRID_MS = 15 * 60_000;

export interface TruthModelOptions {
  readonly network: SimNetwork;
  readonly weights: RewardWeights;
  readonly windowMs: number;
  readonly users: UserModel;
  /** Epoch ms at which truth may change besides the 15-minute grid (incident edges, price changes). */
  readonly boundaries: readonly number[];
  /** The engine's soft-failure budget rule; default the engine's default. */
  readonly budget?: AttemptBudgetConfig;
  /** Quantile of send-to-receipt latency the budget multiplies; default the health registry's. */
  readonly deliveryQuantile?: number;
}

/** True expected reward of an attempt, from the network's ground truth. */
export interface TruthModel {
  /**
   * Expected reward in [0, 1] of sending now (`at`) through `provider` to the segment,
   * `elapsedMs` after the verification was requested (later attempts leave the user less
   * time), with `attemptsLeft` attempts allowed, this one included (default 1).
   */
  expectedReward(
    provider: ProviderId,
    country: string,
    operator: string,
    routeClass: RouteClass,
    at: number,
    elapsedMs: number,
    attemptsLeft?: number,
  ): number;
}

interface Piece {
  from: number;
  to: number;
  /** The provider's `maxQueueMs`: a message that would wait longer is dropped. */
  readonly maxQueueMs: number;
  /** Local hour of the country and number of boundaries passed when `truth` was last confirmed. */
  hour: number;
  passed: number;
  readonly truth: SegmentTruth;
  /** Latency at each node, and the `deliveryQuantile` send-to-receipt latency, ms. */
  readonly latencies: Float64Array;
  readonly deliveryQuantileMs: number;
  /** {@link NODES}-wise timeout terms for `budgetMs` without backlog. */
  budgetMs: number;
  readonly typed: Float64Array;
  readonly receipt: Float64Array;
  /** Expected reward with no backlog, no elapsed time and one attempt left. */
  value: number;
}

function sameTruth(a: SegmentTruth, b: SegmentTruth): boolean {
  return (
    a.covered === b.covered &&
    a.acceptance === b.acceptance &&
    a.delivery === b.delivery &&
    a.latencyMedianMs === b.latencyMedianMs &&
    a.latencySigma === b.latencySigma &&
    a.price === b.price &&
    a.receiptLoss === b.receiptLoss &&
    a.silent === b.silent
  );
}

/**
 * Expected reward from ground truth, as the engine is paid it (engine/reward, settled by
 * engine/failover):
 *
 *   E[r] = a * d * mean_k[ P_user(e + D_k) * S(D_k) * (w_c + w_l * (1 - min(1, (D_k + T) / W)) + w_k * (1 - min(1, c / P))) ] / (w_c + w_l + w_k)
 *
 * a acceptance, d delivery (0 when silent), D_k = queue wait + lognormal latency at the 8
 * equiprobable quantile nodes, e time since the request, T the mean typing time, W the
 * window, c the price, P the reference price. S is the chance that the attempt is not
 * settled as a soft failure first: the engine waits B ms (`attemptBudgetMs` of the
 * provider's true `deliveryQuantile` send-to-receipt latency, the remaining window and
 * `attemptsLeft`) for a delivery receipt or the code, and a timed-out attempt is worth 0
 * even if the user enters its code later. With x = B - D, y = W - e - D (x <= y), typing
 * time K and receipt lag G (lognormal, 700 ms, sigma 0.5) lost with probability `loss`:
 *
 *   S = [P(K <= x) + P(x < K <= y) * (1 - loss) * P(G <= x)] / P(K <= y)
 *
 * (P_user already contains P(K <= y)). Approximations: the engine's budget comes from its
 * learned latency (here the true one, with the quantile of the sum taken as the sum of
 * the quantiles), the typing time enters the latency term at its mean, the queue wait is
 * the provider's current backlog (a message is dropped, so worth 0, when the backlog exceeds
 * maxQueueMs), and operator `"unknown"` gets the country-level quality the network assigns
 * it. The truth of a provider and segment is cached until the next grid point or boundary,
 * and read from the network again only when the country's local hour or the boundaries
 * passed changed (the network's truth depends on time through nothing else).
 */
export function createTruthModel(options: TruthModelOptions): TruthModel {
  return new GroundTruthModel(options);
}

/** A class rather than closures: every run's model shares one set of optimised methods. */
class GroundTruthModel implements TruthModel {
  readonly #network: SimNetwork;
  readonly #weights: RewardWeights;
  readonly #windowMs: number;
  readonly #users: UserModel;
  readonly #budget: AttemptBudgetConfig;
  /** z of the delivery quantile, and that quantile of the receipt lag. */
  readonly #z: number;
  readonly #lagQuantile: number;
  readonly #boundaries: readonly number[];
  readonly #maxQueue: ReadonlyMap<ProviderId, number>;
  readonly #total: number;
  /** country -> operator -> route class -> provider -> piece: no key strings on the hot path. */
  readonly #cache = new Map<string, Map<string, Map<RouteClass, Map<ProviderId, Piece>>>>();
  /** The pieces of the segment asked last: a decision asks for every provider of one segment in a row. */
  #lastCountry = '';
  #lastOperator = '';
  #lastClass: RouteClass | undefined;
  #lastPieces = new Map<ProviderId, Piece>();

  constructor(options: TruthModelOptions) {
    const { network, weights } = options;
    this.#network = network;
    this.#weights = weights;
    this.#windowMs = options.windowMs;
    this.#users = options.users;
    this.#budget = options.budget ?? DEFAULT_ATTEMPT_BUDGET_CONFIG;
    this.#z = normalQuantile(options.deliveryQuantile ?? DEFAULT_HEALTH_REGISTRY.expectedDeliveryQuantile);
    this.#lagQuantile = RECEIPT_LAG_MEDIAN_MS * Math.exp(RECEIPT_LAG_SIGMA * this.#z);
    this.#boundaries = [...new Set(options.boundaries)].sort((a, b) => a - b);
    this.#maxQueue = new Map(network.world.providers.map((p) => [p.id, p.maxQueueMs]));
    this.#total = weights.completion + weights.latency + weights.cost;
  }

  expectedReward(
    provider: ProviderId,
    country: string,
    operator: string,
    routeClass: RouteClass,
    at: number,
    elapsedMs: number,
    attemptsLeft = 1,
  ): number {
    const p = this.#piece(provider, country, operator, routeClass, at);
    const wait = this.#network.backlogMs(provider, at);
    if (wait > p.maxQueueMs) return 0;
    // The fair share of the window only binds once it is under the budget's ceiling.
    const shareBinds = attemptsLeft > 1 && (this.#windowMs - elapsedMs) / attemptsLeft < this.#budget.maxMs;
    if (wait > 0 || elapsedMs > 0 || shareBinds) {
      return this.#compute(p, country, wait, Math.max(0, elapsedMs), Math.max(1, attemptsLeft));
    }
    return p.value;
  }

  #compute(p: Piece, country: string, waitMs: number, elapsedMs: number, attemptsLeft: number): number {
    const t = p.truth;
    if (!t.covered || t.silent) return 0;
    const base = t.acceptance * t.delivery;
    if (base === 0) return 0;
    const windowMs = this.#windowMs;
    const remaining = windowMs - elapsedMs;
    if (remaining <= 0) return 0;
    const users = this.#users;
    const weights = this.#weights;
    const expectedDeliveryMs = waitMs + p.deliveryQuantileMs;
    const budgetMs = attemptBudgetMs({ expectedDeliveryMs, remainingWindowMs: remaining, attemptsLeft }, this.#budget);
    const cached = waitMs === 0;
    if (cached && p.budgetMs !== budgetMs) this.#inBudget(p, budgetMs);
    const price = weights.referencePrices[country] ?? weights.referencePrice;
    const fixed = weights.completion + weights.cost * (1 - Math.min(1, t.price / price));
    let acc = 0;
    for (let k = 0; k < NODES.length; k++) {
      const d = waitMs + (p.latencies[k] as number);
      const delay = elapsedMs + d;
      if (delay >= windowMs || d >= budgetMs) continue;
      // P_user contains P(K <= y); S divides it back out.
      const typedInWindow = users.typingCdf(windowMs - delay);
      if (typedInWindow <= 0) continue;
      const x = budgetMs - d;
      const typed = Math.min(cached ? (p.typed[k] as number) : users.typingCdf(x), typedInWindow);
      const receipt = cached ? (p.receipt[k] as number) : receiptInTime(x, t.receiptLoss);
      const settled = (typed + (typedInWindow - typed) * receipt) / typedInWindow;
      const completes = users.completionProbability(delay, windowMs) * settled;
      acc += completes * (fixed + weights.latency * (1 - Math.min(1, (d + users.meanTypingMs) / windowMs)));
    }
    return (base * acc) / NODES.length / this.#total;
  }

  /** Per node: P(typed within x) and P(receipt within x) for x = budget - latency, no backlog. */
  #inBudget(p: Piece, budgetMs: number): void {
    p.budgetMs = budgetMs;
    for (let k = 0; k < NODES.length; k++) {
      const x = budgetMs - (p.latencies[k] as number);
      p.typed[k] = this.#users.typingCdf(x);
      p.receipt[k] = receiptInTime(x, p.truth.receiptLoss);
    }
  }

  #piece(provider: ProviderId, country: string, operator: string, routeClass: RouteClass, at: number): Piece {
    const pieces = this.#piecesOf(country, operator, routeClass);
    const hit = pieces.get(provider);
    if (hit !== undefined && at >= hit.from && at < hit.to) return hit;
    const { from, to, passed } = pieceBounds(at, this.#boundaries);
    // Truth depends on time only through the local hour and the boundaries passed (segmentTruth):
    // when neither changed, the grid point changed nothing and the network need not be asked.
    const hour = countryLocalHour(this.#network.world, country, at);
    if (hit !== undefined && hit.hour === hour && hit.passed === passed) {
      hit.from = from;
      hit.to = to;
      return hit;
    }
    const truth = this.#network.truth(provider, country, operator, routeClass, at);
    if (hit !== undefined && sameTruth(hit.truth, truth)) {
      // Most grid points change nothing: keep the computed terms, move the interval.
      hit.from = from;
      hit.to = to;
      hit.hour = hour;
      hit.passed = passed;
      return hit;
    }
    const fresh: Piece = {
      from,
      to,
      maxQueueMs: this.#maxQueue.get(provider) ?? Infinity,
      hour,
      passed,
      truth,
      latencies: Float64Array.from(NODES, (node) => truth.latencyMedianMs * Math.exp(truth.latencySigma * node)),
      deliveryQuantileMs: truth.latencyMedianMs * Math.exp(truth.latencySigma * this.#z) + this.#lagQuantile,
      budgetMs: NaN,
      typed: new Float64Array(NODES.length),
      receipt: new Float64Array(NODES.length),
      value: 0,
    };
    fresh.value = this.#compute(fresh, country, 0, 0, 1);
    pieces.set(provider, fresh);
    return fresh;
  }

  #piecesOf(country: string, operator: string, routeClass: RouteClass): Map<ProviderId, Piece> {
    if (country !== this.#lastCountry || operator !== this.#lastOperator || routeClass !== this.#lastClass) {
      this.#lastPieces = child(child(child(this.#cache, country), operator), routeClass);
      this.#lastCountry = country;
      this.#lastOperator = operator;
      this.#lastClass = routeClass;
    }
    return this.#lastPieces;
  }
}

/** P(a delivery receipt arrives within `x` ms of the handset event). */
function receiptInTime(x: number, receiptLoss: number): number {
  return (1 - receiptLoss) * lognormalCdf(x, RECEIPT_LAG_MEDIAN_MS, RECEIPT_LAG_SIGMA);
}

/** The grid piece around `at`, cut at the nearest boundaries (sorted), and how many boundaries are <= `at`. */
function pieceBounds(at: number, boundaries: readonly number[]): { from: number; to: number; passed: number } {
  let from = Math.floor(at / GRID_MS) * GRID_MS;
  let to = from + GRID_MS;
  const lo = countAtOrBefore(boundaries, at);
  if (lo > 0) from = Math.max(from, boundaries[lo - 1] as number);
  if (lo < boundaries.length) to = Math.min(to, boundaries[lo] as number);
  return { from, to, passed: lo };
}

function child<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = new Map() as V));
  return value;
}
