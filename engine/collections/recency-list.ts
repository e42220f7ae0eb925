/** The links a {@link RecencyList} keeps on each of its items (no wrapper node per item). */
export interface RecencyLinks<T> {
  older: T | undefined;
  newer: T | undefined;
}

/**
 * Intrusive doubly linked list of items from least to most recently used, for the LRU
 * bounds of the health and rate-limit stores: marking an item recent, removing it and
 * finding the least recent are a few pointer writes, not a `Map` delete and re-insert.
 * An item is in at most one list at a time; its links are `undefined` while it is in none.
 */
export class RecencyList<T extends RecencyLinks<T>> {
  #oldest: T | undefined;
  #newest: T | undefined;

  /** The least recently used item, or undefined when empty. */
  get oldest(): T | undefined {
    return this.#oldest;
  }

  /** The most recently used item, or undefined when empty. */
  get newest(): T | undefined {
    return this.#newest;
  }

  /** Appends an item that is in no list as the most recent. */
  push(item: T): void {
    item.older = this.#newest;
    item.newer = undefined;
    if (this.#newest !== undefined) this.#newest.newer = item;
    else this.#oldest = item;
    this.#newest = item;
  }

  /** Takes an item of this list out of it. */
  remove(item: T): void {
    if (item.older !== undefined) item.older.newer = item.newer;
    else this.#oldest = item.newer;
    if (item.newer !== undefined) item.newer.older = item.older;
    else this.#newest = item.older;
    item.older = undefined;
    item.newer = undefined;
  }

  /** Marks an item of this list as the most recent. */
  touch(item: T): void {
    if (item === this.#newest) return;
    this.remove(item);
    this.push(item);
  }

  /** Every item, least recent first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let item = this.#oldest; item !== undefined; item = item.newer) out.push(item);
    return out;
  }
}
