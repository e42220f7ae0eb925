import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecencyList } from './recency-list.js';

interface Item {
  readonly id: number;
  older: Item | undefined;
  newer: Item | undefined;
}

const item = (id: number): Item => ({ id, older: undefined, newer: undefined });
const ids = (list: RecencyList<Item>) => list.toArray().map((i) => i.id);

describe('RecencyList', () => {
  it('keeps items least recent first through push, touch and remove', () => {
    const list = new RecencyList<Item>();
    const [a, b, c] = [item(1), item(2), item(3)];
    list.push(a);
    list.push(b);
    list.push(c);
    expect(ids(list)).toEqual([1, 2, 3]);
    list.touch(a);
    expect(ids(list)).toEqual([2, 3, 1]);
    expect(list.oldest).toBe(b);
    expect(list.newest).toBe(a);
    list.remove(c);
    expect(ids(list)).toEqual([2, 1]);
    expect(c.older).toBeUndefined();
    expect(c.newer).toBeUndefined();
    list.remove(b);
    list.remove(a);
    expect(list.oldest).toBeUndefined();
    expect(list.newest).toBeUndefined();
    expect(ids(list)).toEqual([]);
  });

  it('behaves like an ordered array under any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('touch', 'remove', 'push'), fc.integer({ min: 0, max: 5 })), {
          maxLength: 60,
        }),
        (ops) => {
          const items = Array.from({ length: 6 }, (_, i) => item(i));
          const list = new RecencyList<Item>();
          const model: number[] = [];
          for (const [op, id] of ops) {
            const present = model.includes(id);
            if (op === 'push' && !present) {
              list.push(items[id] as Item);
              model.push(id);
            } else if (op === 'touch' && present) {
              list.touch(items[id] as Item);
              model.splice(model.indexOf(id), 1);
              model.push(id);
            } else if (op === 'remove' && present) {
              list.remove(items[id] as Item);
              model.splice(model.indexOf(id), 1);
            }
            expect(ids(list)).toEqual(model);
            expect(list.oldest?.id).toBe(model[0]);
            expect(list.newest?.id).toBe(model[model.length - 1]);
          }
        },
      ),
    );
  });
});
