import { fraudBand } from '../context/features.js';
import { requireFinite, requireNonNegative } from '../health/config-checks.js';
import { forwardWeight, REBASE_HALF_LIVES } from '../health/decay.js';
import type { AttemptOutcome, ProviderId, RequestContext } from '../types.js';
import { completedReward } from './reward.js';
import type { RewardWeights } from './reward-weights.js';

/**
 * Upper edges (ms from the request to the first sign the code landed) of the delay buckets;
 * a last bucket takes everything later. Finer where users' patience changes fastest.
 */
export const SIGNAL_EDGES_MS: readonly number[] = Object.freeze([
  2_000, 4_000, 6_000, 8_000, 10_000, 12_500, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 90_000, 120_000,
  180_000, 300_000,
]);

export interface CompletionModelConfig {
  /** Half-life of every count, ms. Default 6 h (the default policy's). */
  readonly halfLifeMs: number;
  /** Discounted attempts a delay bucket needs before its completion rate is used. Default 30. */
  readonly minSamples: number;
  /**
   * How far, in standard deviations, a provider's completions in a country may fall from what
   * its signals predict before its learning rewards are scaled by the observed ratio. Default 4.
   */
  readonly calibrationSd: number;
}

export const DEFAULT_COMPLETION_MODEL: CompletionModelConfig = Object.freeze({
  halfLifeMs: 6 * 3_600_000,
  minSamples: 30,
  calibrationSd: 4,
});

/** @throws RangeError naming the field */
export function completionModelConfig(partial: Partial<CompletionModelConfig> = {}): CompletionModelConfig {
  const c = { ...DEFAULT_COMPLETION_MODEL, ...partial };
  if (!(c.halfLifeMs >= 1000)) throw new RangeError(`halfLifeMs must be >= 1000 or Infinity, got ${c.halfLifeMs}`);
  if (!(Number.isInteger(c.minSamples) && c.minSamples >= 1 && c.minSamples <= 1e6))
    throw new RangeError(`minSamples must be an integer in [1, 1e6], got ${c.minSamples}`);
  if (!(c.calibrationSd > 0 && c.calibrationSd <= 100))
    throw new RangeError(`calibrationSd must be a number in (0, 100], got ${c.calibrationSd}`);
  return Object.freeze(c);
}

/**
 * Forward-decayed sums (engine/health/decay.ts): every observation enters with weight
 * 2^((t - ref) / halfLife), so a value as of `now` is the stored one divided by the weight of
 * `now`, and ratios need no decay at all. A delay bucket: a = Σ w, b = Σ w completed,
 * c = Σ w latency of completions. A calibration: a = Σ w q, b = Σ w completed, c = Σ w q (1 - q).
 */
interface Sums {
  a: number;
  b: number;
  c: number;
}

/** A {@link CompletionModel} as of one time; plain JSON. */
export interface CompletionModelView {
  readonly halfLifeMs: number;
  readonly minSamples: number;
  readonly buckets: readonly {
    readonly fromMs: number;
    /** null for the last bucket (everything later). */
    readonly toMs: number | null;
    /** Discounted attempts whose code landed in the bucket. */
    readonly attempts: number;
    /** Their completion rate, null while fewer than `minSamples`. */
    readonly completionRate: number | null;
  }[];
  readonly calibration: readonly {
    readonly country: string;
    readonly provider: ProviderId;
    /** Discounted completions the provider's landing signals predicted, and those observed. */
    readonly predicted: number;
    readonly completed: number;
    /** The factor applied to its learning rewards: 1, or completed / predicted when they disagree. */
    readonly ratio: number;
  }[];
}

/** Plain-JSON state of a {@link CompletionModel}: forward-decayed sums and their landmark. */
export interface CompletionModelSnapshot {
  readonly kind: 'completion-model';
  readonly version: '1';
  readonly state: {
    /** Forward-decay landmark and latest time seen; null before the first attempt. */
    readonly ref: number | null;
    readonly clock: number | null;
    /** One [a, b, c] per delay bucket (SIGNAL_EDGES_MS.length + 1). */
    readonly buckets: readonly (readonly [number, number, number])[];
    readonly calibration: readonly {
      readonly country: string;
      readonly provider: ProviderId;
      readonly sums: readonly [number, number, number];
    }[];
  };
}

/**
 * The reward a policy learns from, with the user's share of the noise taken out.
 *
 * Whether a user enters a code depends on how long they have waited for it, not on who
 * carried it: a provider earns a completion by landing the code early. So for an attempt
 * whose code is known to have landed after s ms (the first of a delivered receipt and the
 * completion, counted from the request), the learning reward is
 *
 *   r' = ρ · q(s) · R(L)
 *
 * with q(s) the completion rate of every provider's attempts whose code landed in s's
 * bucket ({@link SIGNAL_EDGES_MS}), R(L) the reward of this attempt completed with latency L (the
 * attempt's own when it completed, else the bucket's mean) and ρ a per (country, provider)
 * calibration: 1 unless the provider's completions there stray more than `calibrationSd`
 * standard deviations from Σ q, then their ratio (catches receipts that lie, and routes that
 * send none). Attempts without any sign of landing keep their reward (0). E[r'] equals the
 * expected reward when the completion rate given the landing time is the same for every
 * provider, and r' drops the Bernoulli noise of the user's choice: with completion rates
 * near 0.9 that noise is most of a reward's variance, so posteriors need fewer attempts.
 * Until a bucket holds `minSamples` attempts the actual reward is used. Only requests in
 * the low fraud band teach the model (pumped numbers never complete).
 *
 * State: {@link CompletionModel.snapshot} (plain JSON) and {@link CompletionModel.restore}; the
 * server saves it with the policy's, so a restart neither relearns the curve nor forgets a
 * calibration.
 */
export class CompletionModel {
  readonly config: CompletionModelConfig;
  private readonly buckets: Sums[] = [];
  /** Calibration sums by country, then provider. */
  private readonly calibration = new Map<string, Map<ProviderId, Sums>>();
  /** Forward-decay landmark and the latest time seen (weights never use an earlier one). */
  private ref = Number.NaN;
  private clock = -Infinity;

  constructor(config: Partial<CompletionModelConfig> = {}) {
    this.config = completionModelConfig(config);
    for (let i = 0; i <= SIGNAL_EDGES_MS.length; i++) this.buckets.push({ a: 0, b: 0, c: 0 });
  }

  /**
   * The reward to learn from for `outcome` (whose actual reward under `weights` is `actual`),
   * then counts the outcome.
   */
  learningReward(
    ctx: RequestContext,
    provider: ProviderId,
    outcome: AttemptOutcome,
    actual: number,
    weights: RewardWeights,
    at: number,
  ): number {
    const signal = outcome.signalMs;
    if (signal === undefined || !(signal >= 0)) return actual;
    const w = this.weightAt(at);
    const bucket = this.buckets[bucketOf(signal)] as Sums;
    let byProvider = this.calibration.get(ctx.country);
    let cal = byProvider?.get(provider);
    let out = actual;
    const ready = bucket.a / w >= this.config.minSamples;
    const q = bucket.b / bucket.a;
    if (ready) {
      const latency = outcome.completed || !(bucket.b > 0) ? outcome.latencyMs : bucket.c / bucket.b;
      out = Math.min(1, Math.max(0, this.ratio(cal, w) * q * completedReward(outcome, latency, weights)));
    }
    if (fraudBand(ctx.fraudScore) !== 'low') return out;
    bucket.a += w;
    if (outcome.completed) {
      bucket.b += w;
      bucket.c += w * outcome.latencyMs;
    }
    if (ready) {
      if (cal === undefined) {
        cal = { a: 0, b: 0, c: 0 };
        if (byProvider === undefined) this.calibration.set(ctx.country, (byProvider = new Map()));
        byProvider.set(provider, cal);
      }
      cal.a += w * q;
      if (outcome.completed) cal.b += w;
      cal.c += w * q * (1 - q);
    }
    return out;
  }

  /**
   * What the model holds as of `at`, for people: per delay bucket the discounted attempts and
   * completion rate (null while thin), and per (country, provider) the completions its signals
   * predicted, those observed and the calibration ρ applied (1 unless they differ by more than
   * `calibrationSd` standard deviations: receipts that do not match what users do).
   */
  view(at: number): CompletionModelView {
    const w = this.readWeight(at);
    const buckets = this.buckets.map((b, i) => ({
      fromMs: i === 0 ? 0 : (SIGNAL_EDGES_MS[i - 1] as number),
      toMs: i < SIGNAL_EDGES_MS.length ? (SIGNAL_EDGES_MS[i] as number) : null,
      attempts: b.a / w,
      completionRate: b.a / w >= this.config.minSamples ? b.b / b.a : null,
    }));
    const calibration: CompletionModelView['calibration'][number][] = [];
    for (const [country, byProvider] of this.calibration) {
      for (const [provider, cal] of byProvider) {
        calibration.push({ country, provider, predicted: cal.a / w, completed: cal.b / w, ratio: this.ratio(cal, w) });
      }
    }
    calibration.sort((x, y) =>
      x.country === y.country ? (x.provider < y.provider ? -1 : 1) : x.country < y.country ? -1 : 1,
    );
    return { halfLifeMs: this.config.halfLifeMs, minSamples: this.config.minSamples, buckets, calibration };
  }

  /** Plain-JSON state; {@link CompletionModel.restore} gives a copy that answers bit for bit the same. */
  snapshot(): CompletionModelSnapshot {
    const calibration: { country: string; provider: ProviderId; sums: [number, number, number] }[] = [];
    for (const [country, byProvider] of this.calibration) {
      for (const [provider, s] of byProvider) calibration.push({ country, provider, sums: [s.a, s.b, s.c] });
    }
    return {
      kind: 'completion-model',
      version: '1',
      state: {
        ref: this.ref === this.ref ? this.ref : null,
        clock: Number.isFinite(this.clock) ? this.clock : null,
        buckets: this.buckets.map((b) => [b.a, b.b, b.c] as const),
        calibration,
      },
    };
  }

  /**
   * A model holding `snapshot`'s state, with `config` (the snapshot's sums are read with this
   * instance's half-life).
   * @throws TypeError or RangeError naming the field when the snapshot is not a completion-model
   *   snapshot of this version, has another number of delay buckets, or holds a sum that is not a
   *   finite number >= 0
   */
  static restore(snapshot: CompletionModelSnapshot, config: Partial<CompletionModelConfig> = {}): CompletionModel {
    if (snapshot?.kind !== 'completion-model' || snapshot.version !== '1')
      throw new TypeError('snapshot must be a completion-model snapshot, version "1"');
    const { ref, clock, buckets, calibration } = snapshot.state ?? ({} as CompletionModelSnapshot['state']);
    const m = new CompletionModel(config);
    if (!Array.isArray(buckets) || buckets.length !== m.buckets.length)
      throw new RangeError(`state.buckets must hold ${m.buckets.length} delay buckets, got ${Array.isArray(buckets) ? buckets.length : typeof buckets}`);
    if ((ref === null) !== (clock === null)) throw new RangeError('state.ref and state.clock must both be null or both be numbers');
    if (ref !== null) {
      m.ref = requireFinite('state.ref', ref);
      m.clock = requireFinite('state.clock', clock as number);
    }
    buckets.forEach((b, i) => restoreSums(m.buckets[i] as Sums, b, `state.buckets[${i}]`));
    if (!Array.isArray(calibration)) throw new TypeError('state.calibration must be an array');
    calibration.forEach((c, i) => {
      if (typeof c?.country !== 'string' || typeof c.provider !== 'string')
        throw new TypeError(`state.calibration[${i}] must name a country and a provider`);
      let byProvider = m.calibration.get(c.country);
      if (byProvider === undefined) m.calibration.set(c.country, (byProvider = new Map()));
      const sums = { a: 0, b: 0, c: 0 };
      restoreSums(sums, c.sums, `state.calibration[${i}].sums`);
      byProvider.set(c.provider, sums);
    });
    return m;
  }

  /** P(completion) of a code that landed `signalMs` after the request, or undefined while its bucket is thin. */
  completionRate(signalMs: number, at: number): number | undefined {
    const bucket = this.buckets[bucketOf(signalMs)] as Sums;
    return bucket.a / this.readWeight(at) >= this.config.minSamples ? bucket.b / bucket.a : undefined;
  }

  /** The weight of `at` (or of the latest time seen) for a read, which changes nothing. */
  private readWeight(at: number): number {
    return this.ref === this.ref ? forwardWeight(Math.max(this.clock, at), this.ref, this.config.halfLifeMs) : 1;
  }

  /** ρ of a (country, provider): completions / predicted when they differ by more than calibrationSd sd, else 1. */
  private ratio(cal: Sums | undefined, w: number): number {
    if (cal === undefined || !(cal.a > 0)) return 1;
    const sd = Math.sqrt(cal.c / w + 1);
    return Math.abs((cal.b - cal.a) / w) > this.config.calibrationSd * sd ? cal.b / cal.a : 1;
  }

  /** Forward-decay weight of the latest time seen (`at` if later), rebasing the landmark when it falls far behind. */
  private weightAt(at: number): number {
    if (at > this.clock) this.clock = at;
    const h = this.config.halfLifeMs;
    if (!(this.ref === this.ref)) this.ref = this.clock;
    if (this.clock - this.ref > REBASE_HALF_LIVES * h) {
      const f = 1 / forwardWeight(this.clock, this.ref, h);
      for (const s of this.buckets) scale(s, f);
      for (const byProvider of this.calibration.values()) for (const s of byProvider.values()) scale(s, f);
      this.ref = this.clock;
    }
    return forwardWeight(this.clock, this.ref, h);
  }
}

function bucketOf(signalMs: number): number {
  let i = 0;
  while (i < SIGNAL_EDGES_MS.length && signalMs >= (SIGNAL_EDGES_MS[i] as number)) i++;
  return i;
}

function restoreSums(into: Sums, from: readonly number[] | undefined, name: string): void {
  if (!Array.isArray(from) || from.length !== 3) throw new TypeError(`${name} must be [a, b, c]`);
  const [a, b, c] = from as [number, number, number];
  into.a = requireNonNegative(`${name}.a`, a);
  into.b = requireNonNegative(`${name}.b`, b);
  into.c = requireNonNegative(`${name}.c`, c);
}

function scale(s: Sums, f: number): void {
  s.a *= f;
  s.b *= f;
  s.c *= f;
}
