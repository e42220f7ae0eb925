import { describe, expect, it } from 'vitest';
import { IdParams } from '../schemas/verification-schemas.js';
import { newId } from './ids.js';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('newId', () => {
  it('sorts as text in the order of its creation times', () => {
    // Times on both sides of every digit boundary of the first characters, and around now.
    const times = [
      0,
      1,
      63,
      64,
      65,
      4095,
      4096,
      262_143,
      262_144,
      1_700_000_000_000,
      1_700_000_000_001,
      1_764_000_000_000,
      64 ** 8 - 1,
    ];
    const ids = times.map((t) => newId('vf', t));
    expect([...ids].sort(byText)).toEqual(ids);
    const shuffled = Array.from({ length: 2_000 }, (_, i) => 1_764_000_000_000 + ((i * 7_919) % 2_000) * 37);
    const made = shuffled.map((t) => ({ t, id: newId('at', t) }));
    const bySorted = [...made].sort((a, b) => byText(a.id, b.id)).map((m) => m.t);
    expect(bySorted).toEqual([...shuffled].sort((a, b) => a - b));
  });

  it('keeps 128 random bits, so ids of the same millisecond differ and stay unguessable', () => {
    const at = 1_764_000_000_000;
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('vf', at)));
    expect(ids.size).toBe(10_000);
    const [first] = ids;
    const random = (first as string).slice('vf_'.length + 8);
    expect(Buffer.from(random, 'base64url')).toHaveLength(16);
    expect(random).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('is accepted by the API schemas of the ids it names', () => {
    expect(IdParams.safeParse({ id: newId('vf', Date.now()) }).success).toBe(true);
    expect(newId('at', Date.now())).toMatch(/^at_[A-Za-z0-9_-]{30}$/);
    expect(newId('tn', Date.now())).toMatch(/^tn_[A-Za-z0-9_-]{30}$/);
    expect(newId('key', Date.now())).toMatch(/^key_[A-Za-z0-9_-]{30}$/);
  });

  it('clamps times outside the 8-character range instead of writing a longer or shorter prefix', () => {
    for (const t of [-5, Number.NaN, Number.POSITIVE_INFINITY, 64 ** 8 + 10, 1.5]) {
      expect(newId('vf', t)).toMatch(/^vf_[A-Za-z0-9_-]{30}$/);
    }
    expect(newId('vf', -5).slice(3, 11)).toBe('--------');
    expect(newId('vf', 64 ** 8 + 10).slice(3, 11)).toBe('zzzzzzzz');
    expect(newId('vf', 1.5).slice(3, 11)).toBe(newId('vf', 1).slice(3, 11));
  });
});
