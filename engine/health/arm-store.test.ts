import { describe, expect, it } from 'vitest';
import { ArmStore, hasStoredParents, newArmEntry, type ArmEntry } from './arm-store.js';
import { INITIAL_BREAKER } from './circuit-breaker.js';
import { SegmentHealth } from './segment-health.js';

const entry = (segment: string, provider = 'a'): ArmEntry =>
  newArmEntry(segment, provider, new SegmentHealth(), INITIAL_BREAKER);
const keys = (store: ArmStore) => store.entries().map((e) => `${e.segment}/${e.provider}`);

describe('ArmStore', () => {
  it('lists entries least recent first and moves a touched entry to the end', () => {
    const store = new ArmStore(16);
    const [x, y, z] = [entry('s1'), entry('s2'), entry('s1', 'b')];
    for (const e of [x, y, z]) store.put(e);
    expect(keys(store)).toEqual(['s1/a', 's2/a', 's1/b']);
    store.touch(x);
    expect(keys(store)).toEqual(['s2/a', 's1/b', 's1/a']);
    store.touch(x);
    expect(keys(store)).toEqual(['s2/a', 's1/b', 's1/a']);
    expect(store.get('s1', 'b')).toBe(z);
    expect(store.get('s1', 'c')).toBeUndefined();
    expect(store.get('s9', 'a')).toBeUndefined();
  });

  it('evicts the least recent beyond maxKeys and marks it no longer stored', () => {
    const store = new ArmStore(2);
    const [x, y, z] = [entry('s1'), entry('s2'), entry('s3')];
    store.put(x);
    store.put(y);
    store.touch(x);
    store.put(z);
    expect(keys(store)).toEqual(['s1/a', 's3/a']);
    expect([x.stored, y.stored, z.stored]).toEqual([true, false, true]);
    expect(store.get('s2', 'a')).toBeUndefined();
  });

  it('replaces an entry with the same key in place of a duplicate', () => {
    const store = new ArmStore(16);
    const [old, other, fresh] = [entry('s1'), entry('s2'), entry('s1')];
    store.put(old);
    store.put(other);
    store.put(fresh);
    expect(keys(store)).toEqual(['s2/a', 's1/a']);
    expect(store.get('s1', 'a')).toBe(fresh);
    expect(old.stored).toBe(false);
  });

  it('reports parents as usable only while all of them are stored', () => {
    const store = new ArmStore(2);
    const [child, parent] = [entry('DE:262-01:standard'), entry('DE:*:standard')];
    expect(hasStoredParents(child)).toBe(false);
    store.put(parent);
    child.parents = [parent];
    expect(hasStoredParents(child)).toBe(true);
    store.put(entry('x:*:*'));
    store.put(entry('y:*:*'));
    expect(hasStoredParents(child)).toBe(false);
  });
});
