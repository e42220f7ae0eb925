import type { ProviderId } from '../../engine/types.js';

/** One message as it sits in a simulated handset. */
export interface InboxMessage {
  readonly to: string;
  readonly body: string;
  readonly provider: ProviderId;
  readonly attemptId: string;
  /** Epoch ms the message lands; it is invisible before. */
  readonly deliveredAt: number;
}

/**
 * The handsets of the simulated world, so a person or a test can read a code. Messages
 * are recorded when their fate is decided (possibly before they land) and listed only
 * once landed.
 */
export interface SandboxInbox {
  record(message: InboxMessage): void;
  /** Messages to `to` with `deliveredAt <= at`, newest first (ties: last recorded first). */
  list(to: string, at: number): readonly InboxMessage[];
  readonly size: number;
  clear(): void;
}

export interface SandboxInboxOptions {
  /** Total messages kept; past it the oldest recorded is evicted. Default 10 000. */
  readonly capacity?: number;
  /** Messages kept per number; past it the one that lands first is evicted. Default 20. */
  readonly perNumberCapacity?: number;
}

interface Entry {
  readonly seq: number;
  readonly message: InboxMessage;
}

/** @throws RangeError when a capacity is not an integer >= 1 */
export function createSandboxInbox(options: SandboxInboxOptions = {}): SandboxInbox {
  const capacity = options.capacity ?? 10_000;
  const perNumber = options.perNumberCapacity ?? 20;
  for (const [name, v] of [
    ['capacity', capacity],
    ['perNumberCapacity', perNumber],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer >= 1, got ${v}`);
  }
  const byNumber = new Map<string, Entry[]>();
  const bySeq = new Map<number, Entry>(); // insertion order = recording order
  let seq = 0;

  const remove = (entry: Entry): void => {
    bySeq.delete(entry.seq);
    const list = byNumber.get(entry.message.to);
    if (!list) return;
    list.splice(list.indexOf(entry), 1);
    if (list.length === 0) byNumber.delete(entry.message.to);
  };

  return {
    record(message) {
      const entry: Entry = { seq: seq++, message: Object.freeze({ ...message }) };
      const list = byNumber.get(message.to) ?? [];
      list.push(entry);
      byNumber.set(message.to, list);
      bySeq.set(entry.seq, entry);
      if (list.length > perNumber) {
        const first = list.reduce((a, b) => (b.message.deliveredAt < a.message.deliveredAt ? b : a));
        remove(first);
      }
      if (bySeq.size > capacity) {
        const oldest = bySeq.values().next().value;
        if (oldest) remove(oldest);
      }
    },
    list(to, at) {
      return (byNumber.get(to) ?? [])
        .filter((e) => e.message.deliveredAt <= at)
        .sort((a, b) => b.message.deliveredAt - a.message.deliveredAt || b.seq - a.seq)
        .map((e) => e.message);
    },
    get size() {
      return bySeq.size;
    },
    clear() {
      byNumber.clear();
      bySeq.clear();
    },
  };
}
