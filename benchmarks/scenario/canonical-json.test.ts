import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('encodes scalars like JSON.stringify', () => {
    expect(canonicalJson([null, true, false, 'x"y', 1.5, undefined])).toBe('[null,true,false,"x\\"y",1.5,null]');
  });

  it.each([Number.NaN, Infinity, () => 1, 1n])('rejects %s', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});

describe('canonicalHash', () => {
  it('is independent of key order and whitespace', () => {
    expect(canonicalHash(JSON.parse('{ "a": 1, "b": [1, 2] }'))).toBe(canonicalHash({ b: [1, 2], a: 1 }));
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
    expect(canonicalHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the sha256 of the canonical text', () => {
    // sha256('{}') computed with coreutils sha256sum
    expect(canonicalHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
