import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHttpProviders, parseHttpProviders } from './http-providers-file.js';

describe('parseHttpProviders', () => {
  it('builds the routing table in file order, defaulting countries', () => {
    const setup = parseHttpProviders(
      [
        { id: 'alpha', url: 'http://127.0.0.1:40001', countries: ['DE', 'US'], premium: true },
        { id: 'beta', url: 'http://127.0.0.1:40002', timeoutMs: 500 },
      ],
      ['US', 'GB'],
    );
    expect(setup.providers.map((p) => [p.id, p.timeoutMs])).toEqual([
      ['alpha', 3000],
      ['beta', 500],
    ]);
    expect(setup.table.countries).toEqual({
      DE: [{ provider: 'alpha', premium: true }],
      US: [
        { provider: 'alpha', premium: true },
        { provider: 'beta', premium: false },
      ],
      GB: [{ provider: 'beta', premium: false }],
    });
  });

  it.each<[unknown, ErrorConstructor, RegExp]>([
    [[], RangeError, /1 to 32 providers/],
    [{}, RangeError, /JSON array/],
    [[null], TypeError, /providers\[0\] must be an object/],
    [
      [
        { id: 'a', url: 'http://x' },
        { id: 'a', url: 'http://y' },
      ],
      TypeError,
      /providers\[1\].id "a" is listed twice/,
    ],
    [[{ id: 'a', url: 'http://x', countries: ['de'] }], TypeError, /ISO alpha-2/],
    [
      [{ id: 'a', url: 'http://x', countries: ['UK'] }],
      RangeError,
      /providers\[0\].countries: "UK" is not a country code phone numbers resolve to .*did you mean "GB"/,
    ],
    [[{ id: 'a', url: 'http://x', countries: [] }], TypeError, /non-empty array/],
    [[{ id: 'a', url: 'http://x', premium: 'yes' }], TypeError, /premium must be a boolean/],
    [[{ id: 'a', url: 'gopher://x' }], TypeError, /http or https/],
    [
      [{ id: 'a', url: 'http://x', webhookSecret: 'secret' }],
      TypeError,
      /webhookSecret must be "whsec_" followed by base64/,
    ],
    [
      [{ id: 'a', url: 'http://x', webhookSecret: 'whsec_c2hvcnQ=' }],
      RangeError,
      /webhookSecret must encode at least 24 bytes/,
    ],
  ])('%j -> %s', (json, type, message) => {
    expect(() => parseHttpProviders(json, ['US'])).toThrow(type);
    expect(() => parseHttpProviders(json, ['US'])).toThrow(message);
  });

  it('keeps each configured webhook secret, and never puts one in an error message', () => {
    const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    const setup = parseHttpProviders(
      [
        { id: 'alpha', url: 'http://127.0.0.1:40001', webhookSecret: secret },
        { id: 'beta', url: 'http://127.0.0.1:40002' },
      ],
      ['US'],
    );
    expect([...setup.webhookSecrets]).toEqual([['alpha', secret]]);
    const weak = 'whsec_d2Vha3NlY3JldA==';
    expect(() => parseHttpProviders([{ id: 'a', url: 'http://x', webhookSecret: weak }], ['US'])).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(weak) }),
    );
  });
});

describe('loadHttpProviders', () => {
  it('reads a file and names it when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-providers-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify([{ id: 'a', url: 'http://127.0.0.1:40001' }]));
      expect(loadHttpProviders(good, ['US']).providers).toHaveLength(1);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{oops');
      expect(() => loadHttpProviders(bad, ['US'])).toThrow(/providers file .*bad\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
