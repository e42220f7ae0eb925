import { backoffKeys, SEGMENT_LEVELS, type SegmentLevel } from '../../../engine/context/segment.js';
import type { DecisionRecord } from '../../../engine/decision-record.js';
import { normal } from '../../../engine/rng.js';
import type { ProviderId, RequestContext } from '../../../engine/types.js';
import { providersBySegment } from '../ope/logged-samples.js';
import { addOutcome, emptyCellStats, ROOT_MODEL, shrinkCell, type CellModel, type CellStats } from './cell-stats.js';

/** Below this many attempts a segment x provider cell is reported as thin. */
export const DEFAULT_MIN_CELL_ATTEMPTS = 30;
/** Pseudo-observations a parent lends a child (hour <- segment <- country x class <- class <- provider <- all). */
export const DEFAULT_FIT_PRIOR_STRENGTH = 10;
/** An hour of day counts as covered for a cell from this many attempts. */
export const DEFAULT_MIN_HOUR_ATTEMPTS = 5;

export interface FitOptions {
  readonly minCellAttempts?: number;
  readonly priorStrength?: number;
  readonly minHourAttempts?: number;
}

/** How well the trace covers one segment x provider cell. */
export interface CellCoverage {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly attempts: number;
  /** Most specific backoff level with >= minCellAttempts attempts: where the fit really comes from. */
  readonly level: SegmentLevel;
  readonly thin: boolean;
  /** Hours of day (UTC) with >= minHourAttempts attempts. */
  readonly hoursCovered: number;
}

/** A simulated outcome drawn from the fitted model. */
export interface DrawnOutcome {
  readonly accepted: boolean;
  readonly delivered: boolean;
  readonly completed: boolean;
  readonly latencyMs: number;
  readonly cost: number;
}

export interface FittedWorld {
  /** Providers seen per segment in the trace, sorted: the choice set replayed policies get. */
  readonly providers: ReadonlyMap<string, readonly ProviderId[]>;
  /** Every segment x provider cell of the trace, sorted by segment then provider. */
  readonly coverage: readonly CellCoverage[];
  readonly minCellAttempts: number;
  /** The fitted model of `provider` for `ctx`'s segment and UTC hour of day. */
  model(ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass' | 'at'>, provider: ProviderId): CellModel;
  /** Draws one outcome; `random` is uniform in [0, 1). */
  draw(ctx: RequestContext, provider: ProviderId, random: () => number): DrawnOutcome;
}

const hourOf = (at: number) => Math.floor((((at % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);

function positiveInteger(name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name} must be an integer >= 1, got ${v}`);
  return v;
}

/**
 * Fits acceptance, delivery, completion, lognormal latency and cost per segment x provider x
 * hour of day (UTC) from the settled attempts of a trace. Each level is shrunk towards the
 * next coarser one (hour -> segment -> country x class -> class -> provider -> all providers),
 * so a thin cell borrows from where the data are; {@link FittedWorld.coverage} says which.
 * @throws RangeError when an option is out of range
 */
export function fitWorld(records: readonly DecisionRecord[], options: FitOptions = {}): FittedWorld {
  const minCellAttempts = positiveInteger('minCellAttempts', options.minCellAttempts ?? DEFAULT_MIN_CELL_ATTEMPTS);
  const minHourAttempts = positiveInteger('minHourAttempts', options.minHourAttempts ?? DEFAULT_MIN_HOUR_ATTEMPTS);
  const k = options.priorStrength ?? DEFAULT_FIT_PRIOR_STRENGTH;
  if (!(k >= 0 && Number.isFinite(k))) throw new RangeError(`priorStrength must be a finite number >= 0, got ${k}`);

  const stats = new Map<string, CellStats>();
  // A verification's request time, taken as its earliest attempt: signalMs counts from it.
  const requested = new Map<string, number>();
  for (const r of records) requested.set(r.verificationId, Math.min(r.at, requested.get(r.verificationId) ?? Infinity));
  const receiptMs = (r: DecisionRecord): number | undefined => {
    const o = r.outcome;
    if (!o || !o.delivered || o.completed || o.signalMs === undefined) return undefined;
    return o.signalMs - (r.at - (requested.get(r.verificationId) ?? r.at));
  };
  const bump = (key: string, r: DecisionRecord) => {
    let s = stats.get(key);
    if (!s) stats.set(key, (s = emptyCellStats()));
    if (r.outcome) addOutcome(s, r.outcome, receiptMs(r));
  };
  const settled = records.filter((r) => r.outcome !== null);
  for (const r of settled) {
    const [seg, ...coarser] = backoffKeys(r.context);
    bump(`${seg}|${r.provider}|${hourOf(r.at)}`, r);
    bump(`${seg}|${r.provider}`, r);
    for (const key of coarser) bump(`${key}|${r.provider}`, r);
    bump('*', r);
  }

  // Without any receipt time in the trace, receipts are taken to come as late as completions
  // (an upper bound: completion adds the user's typing), so soft-failure budgets err long.
  const all = stats.get('*');
  const root: CellModel =
    all && all.receipts === 0 && all.completed > 0
      ? (() => {
          const m = shrinkCell(all, ROOT_MODEL, k);
          return { ...ROOT_MODEL, receiptMu: m.latencyMu, receiptSigma: m.latencySigma };
        })()
      : ROOT_MODEL;
  const memo = new Map<string, CellModel>();
  const modelOf = (chain: readonly string[]): CellModel => {
    let parent = root;
    for (const key of chain) {
      let m = memo.get(key);
      if (!m) {
        const s = stats.get(key);
        m = s ? shrinkCell(s, parent, k) : parent;
        memo.set(key, m);
      }
      parent = m;
    }
    return parent;
  };
  const chainFor = (ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass' | 'at'>, provider: ProviderId): string[] => {
    const keys = backoffKeys(ctx);
    return ['*', ...[...keys].reverse().map((key) => `${key}|${provider}`), `${keys[0]}|${provider}|${hourOf(ctx.at)}`];
  };

  const coverage: CellCoverage[] = [];
  const providers = providersBySegment(settled);
  const example = new Map(settled.map((r) => [`${r.segment}|${r.provider}`, r.context]));
  for (const [segment, list] of [...providers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    for (const provider of list) {
      const ctx = example.get(`${segment}|${provider}`);
      if (!ctx) continue;
      const keys = backoffKeys(ctx);
      const counts = keys.map((key) => stats.get(`${key}|${provider}`)?.attempts ?? 0);
      const levelIndex = counts.findIndex((c) => c >= minCellAttempts);
      let hoursCovered = 0;
      for (let h = 0; h < 24; h++)
        if ((stats.get(`${segment}|${provider}|${h}`)?.attempts ?? 0) >= minHourAttempts) hoursCovered += 1;
      const attempts = counts[0] ?? 0;
      coverage.push({
        segment,
        provider,
        attempts,
        level: SEGMENT_LEVELS[levelIndex === -1 ? 3 : levelIndex] ?? 'global',
        thin: attempts < minCellAttempts,
        hoursCovered,
      });
    }
  }

  return {
    providers,
    coverage,
    minCellAttempts,
    model: (ctx, provider) => modelOf(chainFor(ctx, provider)),
    draw(ctx, provider, random) {
      const m = modelOf(chainFor(ctx, provider));
      const accepted = random() < m.accept;
      const delivered = accepted && random() < m.deliverGivenAccepted;
      const completed = accepted && random() < (delivered ? m.completeGivenDelivered : m.completeGivenUndelivered);
      const latencyMs = completed ? Math.exp(m.latencyMu + m.latencySigma * normal(random)) : ctx.windowMs;
      return { accepted, delivered, completed, latencyMs, cost: accepted ? m.acceptedCost : m.rejectedCost };
    },
  };
}
