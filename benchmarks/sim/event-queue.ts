/**
 * Min-priority queue of simulation events keyed by time, as a binary heap.
 *
 * Events at the same time pop in insertion order (a monotonically increasing sequence
 * number breaks ties), so a run is deterministic whatever the heap's internal layout.
 * push and pop are O(log n); peek is O(1).
 */
export class EventQueue<T> {
  readonly #times: number[] = [];
  readonly #seqs: number[] = [];
  readonly #items: T[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  /** @throws RangeError when `at` is not finite */
  push(at: number, item: T): void {
    if (!Number.isFinite(at)) throw new RangeError(`at must be a finite number, got ${String(at)}`);
    const times = this.#times;
    const seqs = this.#seqs;
    const items = this.#items;
    const seq = this.#seq++;
    let i = items.length;
    times.push(at);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < at || (pt === at && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent] as T;
      i = parent;
    }
    times[i] = at;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Time of the earliest event, or undefined when empty. */
  peekTime(): number | undefined {
    return this.#times[0];
  }

  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): { at: number; item: T } | undefined {
    if (this.#items.length === 0) return undefined;
    const at = this.#times[0] as number;
    return { at, item: this.popItem() as T };
  }

  /**
   * Removes the earliest event and returns its item, or undefined when empty: {@link pop}
   * without the wrapper object, for a loop that reads the time with {@link peekTime} first.
   */
  popItem(): T | undefined {
    const items = this.#items;
    if (items.length === 0) return undefined;
    const times = this.#times;
    const seqs = this.#seqs;
    const top = items[0] as T;
    const lastTime = times.pop() as number;
    const lastSeq = seqs.pop() as number;
    const lastItem = items.pop() as T;
    const n = items.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n) {
        const lt = times[left] as number;
        const rt = times[right] as number;
        if (rt < lt || (rt === lt && (seqs[right] as number) < (seqs[left] as number))) child = right;
      }
      const ct = times[child] as number;
      if (lastTime < ct || (lastTime === ct && lastSeq < (seqs[child] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      items[i] = items[child] as T;
      i = child;
    }
    times[i] = lastTime;
    seqs[i] = lastSeq;
    items[i] = lastItem;
    return top;
  }
}
