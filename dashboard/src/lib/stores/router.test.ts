import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './route.js';
import { RouterStore } from './router-store.svelte.js';
import { poll } from './poll.js';
import { backoffDelay } from './backoff.js';

describe('parseHash / formatHash', () => {
  it.each([
    ['', 'overview', {}],
    ['#/', 'overview', {}],
    ['#/weights', 'weights', {}],
    ['#/weights/?segment=DE%3A262-01%3Astandard&range=1h', 'weights', { segment: 'DE:262-01:standard', range: '1h' }],
    ['#/nope?x=1', 'overview', { x: '1' }],
  ])('%s -> %s', (hash, page, params) => {
    expect(parseHash(hash)).toEqual({ page, params });
  });

  it('round-trips and drops empty parameters', () => {
    const hash = formatHash('health', { country: 'DE', metric: undefined, x: '' });
    expect(hash).toBe('#/health?country=DE');
    expect(parseHash(hash)).toEqual({ page: 'health', params: { country: 'DE' } });
  });
});

describe('RouterStore', () => {
  it('follows hashchange and merges parameters', () => {
    const location = { hash: '#/weights?range=1h' };
    const listeners = new Map<string, () => void>();
    const target = {
      addEventListener: (t: string, l: () => void) => void listeners.set(t, l),
      removeEventListener: (t: string) => void listeners.delete(t),
    } as unknown as Window;
    const r = new RouterStore(location);
    const stop = r.listen(target);
    r.setParams({ segment: 'DE:262-01:standard' });
    expect(location.hash).toBe('#/weights?range=1h&segment=DE%3A262-01%3Astandard');
    location.hash = '#/config';
    listeners.get('hashchange')?.();
    expect([r.page, r.params]).toEqual(['config', {}]);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe('poll', () => {
  it('runs now, then again after each run settles (also after a failure), and stops on cleanup', async () => {
    const pending = new Map<number, () => void>();
    let nextId = 0;
    const timers = {
      setTimeout: ((fn: () => void) => {
        pending.set(++nextId, fn);
        return nextId;
      }) as unknown as typeof setTimeout,
      clearTimeout: ((id: number) => void pending.delete(id)) as unknown as typeof clearTimeout,
    };
    const fire = async (): Promise<void> => {
      const [id, fn] = [...pending][0] ?? [];
      if (id === undefined || !fn) return;
      pending.delete(id);
      fn();
      await new Promise((r) => setTimeout(r, 0));
    };
    let runs = 0;
    const stop = poll(
      async () => {
        runs++;
        if (runs === 2) throw new Error('failure is the store’s to show');
      },
      1000,
      timers,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect([runs, pending.size]).toEqual([1, 1]);
    await fire();
    expect([runs, pending.size]).toEqual([2, 1]);
    stop();
    expect(pending.size).toBe(0);
    await fire();
    expect(runs).toBe(2);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999, 1000],
    [3, 0.5, 3000],
    [10, 0, 15000],
    [40, 0.5, 22500],
  ])('failures=%i random=%f -> %i ms', (failures, r, expected) => {
    expect(backoffDelay(failures, () => r)).toBe(expected);
  });

  it.each([
    [0, () => 0.5, 'failures must be an integer >= 1, got 0'],
    [1.5, () => 0.5, 'failures must be an integer >= 1, got 1.5'],
    [1, () => 1, 'random() must return a number in [0, 1), got 1'],
  ])('rejects failures=%s', (failures, random, message) => {
    expect(() => backoffDelay(failures, random)).toThrow(new RangeError(message));
  });
});
