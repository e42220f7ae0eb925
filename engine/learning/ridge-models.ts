import type { ProviderId } from '../types.js';
import { compareLexicographic } from './lexicographic.js';
import { requireArray, requireNumber, requireNumbers, requireRecord, requireString } from './policy-snapshot-checks.js';
import { shermanMorrisonUpdate } from './sherman-morrison.js';

/** One disjoint ridge-regression arm: A^-1 (row-major d x d), b, theta = A^-1 b, effective count n. */
export interface RidgeModel {
  readonly ainv: Float64Array;
  readonly b: Float64Array;
  readonly theta: Float64Array;
  readonly n: number;
}

interface MutableModel {
  readonly ainv: Float64Array;
  readonly b: Float64Array;
  readonly theta: Float64Array;
  n: number;
  /** Updates applied so far; picks the coordinate of the next prior refresh. */
  updates: number;
}

/** One serialised model, as it appears in a policy snapshot. */
export interface RidgeModelEntry {
  readonly key: string;
  readonly provider: ProviderId;
  readonly n: number;
  readonly updates: number;
  readonly ainv: number[];
  readonly b: number[];
}

/**
 * Disjoint ridge models per (key, provider) (Li et al. 2010, LinUCB "disjoint" model):
 * A = lambda I + sum x x^T, b = sum r x, kept as A^-1 with Sherman-Morrison updates so an
 * update is O(d^2) with no inversion and no allocation after the model exists.
 *
 * Discounting (gamma < 1): A <- gamma A + x x^T, b <- gamma b + r x, i.e. A^-1 <- A^-1 / gamma
 * before the rank-1 update. On its own this also decays the prior lambda I, so along a
 * feature the arm never sees (an operator bucket absent from a country) A^-1 grows like
 * gamma^-t and overflows. D-LinUCB (Russac, Vernade & Cappe 2019) restores the prior by
 * adding (1 - gamma) lambda I per step, which is rank d; we add it one coordinate at a time,
 * d (1 - gamma) lambda e_k e_k^T with k = (update count) mod d, as a second rank-1 update.
 * Over d steps each coordinate receives the same total, so along unseen features A^-1 stays
 * within a factor gamma^-d of the prior 1 / lambda (instead of growing without bound) while
 * seen directions forget at rate gamma. n is the discounted count.
 */
export class RidgeModels {
  private models = new Map<string, Map<ProviderId, MutableModel>>();
  private readonly prior: RidgeModel;
  private readonly refresh: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly d: number,
    readonly lambda: number,
    readonly gamma: number,
  ) {
    this.prior = Object.freeze(this.fresh());
    this.refresh = new Float64Array(d);
    this.scratch = new Float64Array(d);
  }

  /** The arm's model, or the shared prior (A^-1 = I / lambda, b = 0) when it has no data. Read only. */
  peek(key: string, provider: ProviderId): RidgeModel {
    return this.models.get(key)?.get(provider) ?? this.prior;
  }

  /** Applies one observation; `x` (length d) is read only. */
  update(key: string, provider: ProviderId, x: Float64Array, reward: number): void {
    let arms = this.models.get(key);
    if (!arms) this.models.set(key, (arms = new Map()));
    let m = arms.get(provider);
    if (!m) arms.set(provider, (m = this.fresh()));
    const d = this.d;
    if (this.gamma < 1) {
      const inflate = 1 / this.gamma;
      for (let i = 0; i < d * d; i++) m.ainv[i]! *= inflate;
      for (let i = 0; i < d; i++) m.b[i]! *= this.gamma;
      m.n *= this.gamma;
      this.refresh.fill(0);
      this.refresh[m.updates % d] = Math.sqrt(d * (1 - this.gamma) * this.lambda);
      shermanMorrisonUpdate(m.ainv, d, this.refresh, this.scratch);
    }
    shermanMorrisonUpdate(m.ainv, d, x, this.scratch);
    for (let i = 0; i < d; i++) m.b[i]! += reward * x[i]!;
    m.n += 1;
    m.updates += 1;
    solveTheta(m, d);
  }

  /** Entries sorted by key then provider, so equal states serialise identically. */
  toJSON(): RidgeModelEntry[] {
    const out: RidgeModelEntry[] = [];
    for (const [key, arms] of this.models) {
      for (const [provider, m] of arms)
        out.push({ key, provider, n: m.n, updates: m.updates, ainv: Array.from(m.ainv), b: Array.from(m.b) });
    }
    return out.sort((a, b) => compareLexicographic(a.key, b.key) || compareLexicographic(a.provider, b.provider));
  }

  /**
   * Replaces all models with parsed `entries` (all-or-nothing).
   * @throws TypeError naming the first malformed entry
   */
  restore(entries: unknown, path: string): void {
    const next = new Map<string, Map<ProviderId, MutableModel>>();
    const d = this.d;
    requireArray(entries, path).forEach((raw, i) => {
      const at = `${path}[${i}]`;
      const e = requireRecord(raw, at);
      const key = requireString(e.key, `${at}.key`);
      const provider = requireString(e.provider, `${at}.provider`);
      const m: MutableModel = {
        ainv: requireNumbers(e.ainv, `${at}.ainv`, d * d),
        b: requireNumbers(e.b, `${at}.b`, d),
        theta: new Float64Array(d),
        n: requireNumber(e.n, `${at}.n`, 0),
        updates: requireNumber(e.updates, `${at}.updates`, 0),
      };
      if (!Number.isInteger(m.updates)) throw new TypeError(`${at}.updates must be an integer`);
      solveTheta(m, d);
      let arms = next.get(key);
      if (!arms) next.set(key, (arms = new Map()));
      if (arms.has(provider)) throw new TypeError(`${at} duplicates ${key}/${provider}`);
      arms.set(provider, m);
    });
    this.models = next;
  }

  private fresh(): MutableModel {
    const d = this.d;
    const ainv = new Float64Array(d * d);
    for (let i = 0; i < d; i++) ainv[i * d + i] = 1 / this.lambda;
    return { ainv, b: new Float64Array(d), theta: new Float64Array(d), n: 0, updates: 0 };
  }
}

function solveTheta(m: MutableModel, d: number): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) s += m.ainv[row + j]! * m.b[j]!;
    m.theta[i] = s;
  }
}
