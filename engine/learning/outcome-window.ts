/**
 * Ring buffer of the last `size` binary outcomes (1 = success) with a running count of
 * successes, so the windowed success rate is O(1) to read and to update.
 */
export class OutcomeWindow {
  private readonly outcomes: Uint8Array;
  private head = 0;
  private filled = 0;
  private hits = 0;

  constructor(readonly size: number) {
    this.outcomes = new Uint8Array(size);
  }

  get count(): number {
    return this.filled;
  }

  get successes(): number {
    return this.hits;
  }

  push(success: boolean): void {
    const value = success ? 1 : 0;
    if (this.filled === this.size) this.hits -= this.outcomes[this.head] ?? 0;
    else this.filled += 1;
    this.outcomes[this.head] = value;
    this.hits += value;
    this.head = (this.head + 1) % this.size;
  }

  /** Outcomes oldest first. */
  toJSON(): number[] {
    const out: number[] = [];
    const start = this.filled === this.size ? this.head : 0;
    for (let i = 0; i < this.filled; i++) out.push(this.outcomes[(start + i) % this.size] ?? 0);
    return out;
  }
}
