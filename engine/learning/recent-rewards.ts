/**
 * The latest rewards of one arm with their positions (an update count the owner chooses) and
 * times, in a fixed ring: what lets a detected change keep exactly the observations made after
 * its estimated change point.
 */
export class RecentRewards {
  private readonly position: Float64Array;
  private readonly at: Float64Array;
  private readonly reward: Float64Array;
  private next = 0;
  private size = 0;

  /** @param capacity rewards remembered, >= 1 (older ones are overwritten) */
  constructor(readonly capacity: number) {
    this.position = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
    this.reward = new Float64Array(capacity);
  }

  push(position: number, at: number, reward: number): void {
    this.position[this.next] = position;
    this.at[this.next] = at;
    this.reward[this.next] = reward;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /**
   * Discounted moments of the remembered rewards at positions strictly after `since`, as of
   * `now`: n = Σ w, s = Σ w r, q = Σ w r² with w = `decay(now - at)`.
   */
  momentsAfter(since: number, now: number, decay: (elapsedMs: number) => number): { n: number; s: number; q: number } {
    let n = 0;
    let s = 0;
    let q = 0;
    for (let k = 0; k < this.size; k++) {
      if (!((this.position[k] as number) > since)) continue;
      const w = decay(now - (this.at[k] as number));
      const r = this.reward[k] as number;
      n += w;
      s += w * r;
      q += w * r * r;
    }
    return { n, s, q };
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }
}
