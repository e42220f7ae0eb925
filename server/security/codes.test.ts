import { describe, expect, it } from 'vitest';
import { createCodeHasher, generateCode, normalizeCode } from './codes.js';
import { createKeyEntry, type KeyRing } from './key-file.js';

const ring = (...ids: string[]): KeyRing => {
  const entries = ids.map((id) => createKeyEntry(id, '2025-01-01T00:00:00.000Z'));
  return { active: entries[0]!, byId: new Map(entries.map((e) => [e.id, e])) };
};

describe('generateCode', () => {
  it('gives ASCII digits of the requested length, with leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^[0-9]{6}$/);
    expect(generateCode(4)).toMatch(/^[0-9]{4}$/);
    expect(generateCode(10)).toMatch(/^[0-9]{10}$/);
    const firstDigits = new Set(Array.from({ length: 400 }, () => generateCode(4)[0]));
    expect(firstDigits.has('0')).toBe(true);
  });

  it('is spread over the digits (chi-square on 50,000 digits)', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) for (const d of generateCode(5)) counts[Number(d)]! += 1;
    const chi2 = counts.reduce((s, c) => s + (c - 5_000) ** 2 / 5_000, 0);
    // Codes come from the CSPRNG, so this cannot be seeded: at the 99.9th percentile (27.9) it
    // failed one CI run in a thousand. P(chi-square, 9 dof > 45) is about 1e-6, and ten times
    // the digits keep the power against a biased generator (chi-square grows with the sample).
    expect(chi2).toBeLessThan(45);
  });

  it.each([[3], [11], [6.5], [Number.NaN]])('refuses digits=%s', (digits) => {
    expect(() => generateCode(digits)).toThrow(RangeError);
    expect(() => generateCode(digits)).toThrow(/digits must be an integer in \[4, 10\]/);
  });
});

describe('normalizeCode', () => {
  it.each([
    ['123456', '123456'],
    ['000000', '000000'],
    ['１２３４５６', undefined],
    ['١٢٣٤٥٦', undefined],
    [' 123456', undefined],
    ['123456 ', undefined],
    ['123 456', undefined],
    ['12345', undefined],
    ['1234567', undefined],
    ['12345a', undefined],
    ['+12345', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
    [123456, undefined],
    [['123456'], undefined],
    ['1'.repeat(1_000_000), undefined],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });

  it('honours the digits argument', () => {
    expect(normalizeCode('1234', 4)).toBe('1234');
    expect(normalizeCode('123456', 4)).toBeUndefined();
  });
});

describe('createCodeHasher', () => {
  const hasher = createCodeHasher(ring('k1'));

  it('verifies the right code for the right attempt only', () => {
    const hash = hasher.hashCode('123456', 'att_1');
    expect(hash).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(hasher.verifyCode('123456', hash, 'att_1')).toBe(true);
    expect(hasher.verifyCode('123457', hash, 'att_1')).toBe(false);
    expect(hasher.verifyCode('123456', hash, 'att_2')).toBe(false);
  });

  it('does not confuse attempt id and code boundaries', () => {
    expect(hasher.hashCode('23456', 'a1')).not.toBe(hasher.hashCode('123456', 'a'));
  });

  it.each([['k1:zz'], ['k1:' + 'a'.repeat(63)], ['nokey'], [''], ['k9:' + 'a'.repeat(64)], ['k1:' + 'A'.repeat(64)]])(
    'returns false for malformed stored hash %j',
    (stored) => {
      expect(hasher.verifyCode('123456', stored, 'att_1')).toBe(false);
    },
  );

  it('keeps codes hashed under an older key valid after rotation', () => {
    const old = ring('k1');
    const hash = createCodeHasher(old).hashCode('654321', 'att_9');
    const k2 = createKeyEntry('k2', '2025-02-01T00:00:00.000Z');
    const rotated: KeyRing = { active: k2, byId: new Map([...old.byId, ['k2', k2]]) };
    const after = createCodeHasher(rotated);
    expect(after.verifyCode('654321', hash, 'att_9')).toBe(true);
    expect(after.hashCode('654321', 'att_9')).toMatch(/^k2:/);
  });
});
