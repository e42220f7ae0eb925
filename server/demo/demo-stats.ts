/** Cumulative counters of the demo traffic, for the progress log line. */
export interface DemoStatsSnapshot {
  /** Verifications the API created (201). */
  readonly created: number;
  readonly approved: number;
  /** Refused creates by problem `code` (`fraud_score_too_high`, `pumping_suspected`, ...). */
  readonly refused: Readonly<Record<string, number>>;
  /** Users whose code never landed inside the window. */
  readonly noCode: number;
  /** Users who got a code and chose not to (or could not in time) enter it. */
  readonly abandoned: number;
  readonly wrongCodes: number;
  /** Checks with the right code that did not approve, by status. */
  readonly checkNotApproved: Readonly<Record<string, number>>;
  readonly pumpingSent: number;
  /** Arrivals dropped because too many users were alive. */
  readonly skipped: number;
  /** Transport errors and unexpected statuses towards the own API. */
  readonly errors: number;
  readonly inFlight: number;
}

type Counter = Exclude<keyof DemoStatsSnapshot, 'refused' | 'checkNotApproved' | 'inFlight'>;

export class DemoStats {
  readonly #counts: Record<Counter, number> = {
    created: 0,
    approved: 0,
    noCode: 0,
    abandoned: 0,
    wrongCodes: 0,
    pumpingSent: 0,
    skipped: 0,
    errors: 0,
  };
  readonly #refused = new Map<string, number>();
  readonly #checkNotApproved = new Map<string, number>();

  add(counter: Counter): void {
    this.#counts[counter] += 1;
  }

  refused(code: string): void {
    this.#refused.set(code, (this.#refused.get(code) ?? 0) + 1);
  }

  checkNotApproved(status: string): void {
    this.#checkNotApproved.set(status, (this.#checkNotApproved.get(status) ?? 0) + 1);
  }

  snapshot(inFlight: number): DemoStatsSnapshot {
    const sorted = (m: Map<string, number>) =>
      Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      ...this.#counts,
      refused: sorted(this.#refused),
      checkNotApproved: sorted(this.#checkNotApproved),
      inFlight,
    };
  }
}
