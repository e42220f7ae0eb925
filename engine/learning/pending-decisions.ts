import type { AttemptOutcome, ProviderId, RequestContext, Snapshot } from '../types.js';

/** A routing decision whose reward is not known yet. */
export interface PendingDecision {
  readonly ctx: RequestContext;
  readonly provider: ProviderId;
  /** Epoch ms of the decision (injected clock). */
  readonly decidedAt: number;
  /** Epoch ms after which the outcome is no longer awaited (settled as not completed). */
  readonly expiresAt: number;
}

/** A decision settled exactly once: what a driver turns into one `Policy.update`. */
export interface SettledDecision {
  readonly attemptId: string;
  readonly ctx: RequestContext;
  readonly provider: ProviderId;
  readonly outcome: AttemptOutcome;
  /** Epoch ms of the settlement (becomes `Feedback.at`). */
  readonly at: number;
}

/**
 * Default cap on pending decisions. A verification window is at most 10 minutes, so this
 * holds ~100k decisions of traffic in flight (~170 decisions/s sustained) at a few hundred
 * bytes each; reaching it means outcomes are being lost, and the oldest are settled early.
 */
export const DEFAULT_PENDING_DECISIONS_CAP = 100_000;
const MAX_CAP = 10_000_000;
const KIND = 'pending-decisions';
const VERSION = '1';

/**
 * Outcome of a decision nobody reported on: not accepted, not delivered, not completed,
 * no cost. The ledger cannot know better; the failover reducer settles every attempt
 * itself on finish, so this is the safety net for lost events and restarts.
 */
function unreported(decision: PendingDecision, at: number): AttemptOutcome {
  return {
    accepted: false,
    delivered: false,
    completed: false,
    latencyMs: Math.max(0, at - decision.decidedAt),
    cost: 0,
    windowMs: decision.ctx.windowMs,
    country: decision.ctx.country,
  };
}

const byExpiry = ([idA, a]: [string, PendingDecision], [idB, b]: [string, PendingDecision]): number =>
  a.expiresAt - b.expiresAt || (idA < idB ? -1 : idA > idB ? 1 : 0);

function checkDecision(attemptId: unknown, d: Partial<PendingDecision> | null | undefined): void {
  if (typeof attemptId !== 'string' || attemptId.length === 0)
    throw new TypeError('attemptId must be a non-empty string');
  if (typeof d !== 'object' || d === null) throw new TypeError(`decision for ${attemptId} must be an object`);
  if (typeof d.provider !== 'string' || d.provider.length === 0)
    throw new TypeError('provider must be a non-empty string');
  const ctx = d.ctx as Partial<RequestContext> | undefined;
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.country !== 'string' || !Number.isFinite(ctx.windowMs)) {
    throw new TypeError('ctx must be a request context with country and windowMs');
  }
  if (!Number.isFinite(d.decidedAt))
    throw new TypeError(`decidedAt must be finite epoch milliseconds, got ${String(d.decidedAt)}`);
  if (!(Number.isFinite(d.expiresAt) && (d.expiresAt as number) >= (d.decidedAt as number))) {
    throw new RangeError(`expiresAt must be finite and >= decidedAt, got ${String(d.expiresAt)}`);
  }
}

/**
 * Ledger of decisions awaiting their reward (DESIGN.md "Rewards arrive late"). Each
 * registered attempt is settled exactly once: by `settle` (its outcome), by `expire`
 * (past `expiresAt`), or by eviction when the ledger is full. Times are injected.
 * Attempt ids must be unique for the ledger's lifetime: a settled id is forgotten.
 *
 * `expire` and eviction scan all entries (O(n)); they run once per sweep or only when full.
 */
export class PendingDecisions {
  readonly maxSize: number;
  #entries = new Map<string, PendingDecision>();

  /** @throws RangeError when `maxSize` is not an integer in [1, 10000000] */
  constructor(options: { readonly maxSize?: number } = {}) {
    const maxSize = options.maxSize ?? DEFAULT_PENDING_DECISIONS_CAP;
    if (!(Number.isInteger(maxSize) && maxSize >= 1 && maxSize <= MAX_CAP)) {
      throw new RangeError(`maxSize must be an integer in [1, ${MAX_CAP}], got ${String(maxSize)}`);
    }
    this.maxSize = maxSize;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(attemptId: string): boolean {
    return this.#entries.has(attemptId);
  }

  /**
   * Registers a decision. A second registration of a pending id is ignored (replays are
   * harmless). When full, the entries expiring first (ties: lowest id) are settled as
   * unreported at `decidedAt` and returned so the driver can still apply them.
   * @throws TypeError / RangeError for a malformed decision
   */
  register(attemptId: string, decision: PendingDecision): SettledDecision[] {
    checkDecision(attemptId, decision);
    if (this.#entries.has(attemptId)) return [];
    const evicted = this.#evict(this.maxSize - 1, decision.decidedAt);
    const { ctx, provider, decidedAt, expiresAt } = decision;
    this.#entries.set(attemptId, { ctx, provider, decidedAt, expiresAt });
    return evicted;
  }

  /** Settles one decision with its outcome; undefined when unknown or already settled. */
  settle(attemptId: string, outcome: AttemptOutcome, at: number): SettledDecision | undefined {
    const decision = this.#entries.get(attemptId);
    if (decision === undefined) return undefined;
    this.#entries.delete(attemptId);
    return { attemptId, ctx: decision.ctx, provider: decision.provider, outcome, at };
  }

  /** Settles every decision with `expiresAt <= at` as unreported, ordered by expiry then id. */
  expire(at: number): SettledDecision[] {
    const due = [...this.#entries].filter(([, d]) => d.expiresAt <= at).sort(byExpiry);
    return due.map(([attemptId, d]) => this.#drop(attemptId, d, at));
  }

  snapshot(): Snapshot<typeof KIND> {
    return { kind: KIND, version: VERSION, state: { entries: [...this.#entries].map(([id, d]) => [id, { ...d }]) } };
  }

  /**
   * Replaces the content with a snapshot's. Entries beyond `maxSize` are evicted as in
   * `register`, settled at `at`, and returned.
   * @throws TypeError when the snapshot is of another kind, version or malformed
   */
  restore(snapshot: Snapshot, at: number): SettledDecision[] {
    if (snapshot.kind !== KIND || snapshot.version !== VERSION) {
      throw new TypeError(`expected a ${KIND} v${VERSION} snapshot, got ${snapshot.kind} v${snapshot.version}`);
    }
    const entries = (snapshot.state as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) throw new TypeError('snapshot.state.entries must be an array');
    const restored = new Map<string, PendingDecision>();
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2)
        throw new TypeError('each snapshot entry must be [attemptId, decision]');
      const [attemptId, decision] = entry as [string, PendingDecision];
      checkDecision(attemptId, decision);
      const { ctx, provider, decidedAt, expiresAt } = decision;
      restored.set(attemptId, { ctx, provider, decidedAt, expiresAt });
    }
    this.#entries = restored;
    return this.#evict(this.maxSize, at);
  }

  #evict(keep: number, at: number): SettledDecision[] {
    const excess = this.#entries.size - keep;
    if (excess <= 0) return [];
    const victims = [...this.#entries].sort(byExpiry).slice(0, excess);
    return victims.map(([attemptId, d]) => this.#drop(attemptId, d, at));
  }

  #drop(attemptId: string, decision: PendingDecision, at: number): SettledDecision {
    this.#entries.delete(attemptId);
    return { attemptId, ctx: decision.ctx, provider: decision.provider, outcome: unreported(decision, at), at };
  }
}
