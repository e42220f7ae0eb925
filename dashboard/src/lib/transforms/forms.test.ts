import { describe, expect, it } from 'vitest';
import { issuesToFields, rewardFormFrom, validateRewardForm, type RewardForm } from './reward-form.js';
import { parseRoutingText, routingToText } from './routing-form.js';

const good: RewardForm = { completion: 0.6, latency: 0.2, cost: 0.2, referencePrice: 0.1, referencePrices: [{ country: 'de', price: 0.08 }] };

describe('validateRewardForm', () => {
  it('accepts valid weights and upper-cases country codes', () => {
    expect(validateRewardForm(good)).toEqual({
      ok: true,
      weights: { completion: 0.6, latency: 0.2, cost: 0.2, referencePrice: 0.1, referencePrices: { DE: 0.08 } },
    });
  });

  it('accepts zero latency and cost weights', () => {
    expect(validateRewardForm({ ...good, latency: 0, cost: 0 }).ok).toBe(true);
  });

  it.each([
    [{ completion: 0 }, 'completion', 'must be greater than 0'],
    [{ completion: null }, 'completion', 'enter a number'],
    [{ latency: -0.1 }, 'latency', 'must be 0 or more'],
    [{ cost: Number.NaN }, 'cost', 'enter a number'],
    [{ referencePrice: 0 }, 'referencePrice', 'must be greater than 0'],
    [{ referencePrices: [{ country: 'DEU', price: 1 }] }, 'referencePrices.0', 'country must be a two-letter ISO code, e.g. DE'],
    [{ referencePrices: [{ country: 'DE', price: 0 }] }, 'referencePrices.0', 'must be greater than 0'],
    [{ referencePrices: [{ country: 'DE', price: 1 }, { country: 'de', price: 2 }] }, 'referencePrices.1', 'DE is listed twice'],
  ] as const)('rejects %o on %s', (change, field, message) => {
    const r = validateRewardForm({ ...good, ...(change as Partial<RewardForm>) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(message);
  });

  it('round-trips server weights into the form, countries sorted', () => {
    const form = rewardFormFrom({ completion: 1, latency: 0, cost: 0.5, referencePrice: 0.2, referencePrices: { FR: 0.1, DE: 0.3 } });
    expect(form.referencePrices).toEqual([{ country: 'DE', price: 0.3 }, { country: 'FR', price: 0.1 }]);
  });
});

describe('issuesToFields', () => {
  it('maps server issue paths to form fields and keeps the rest', () => {
    const r = issuesToFields(
      [
        { path: 'weights.cost', message: 'too big' },
        { path: 'body.weights.completion', message: 'must be > 0' },
        { path: 'weights.referencePrices.DE', message: 'bad price' },
        { path: 'overrides.0', message: 'unknown tenant' },
      ],
      good,
    );
    expect(r.fields).toEqual({ cost: 'too big', completion: 'must be > 0', 'referencePrices.0': 'bad price' });
    expect(r.other).toEqual([{ path: 'overrides.0', message: 'unknown tenant' }]);
  });
});

describe('routing table text', () => {
  it('round-trips a table with countries sorted', () => {
    const text = routingToText({ countries: { FR: [{ provider: 'b', premium: false }], DE: [{ provider: 'a', premium: true }] } });
    expect(text.indexOf('"DE"')).toBeLessThan(text.indexOf('"FR"'));
    expect(parseRoutingText(text)).toEqual({ ok: true, body: { countries: { DE: [{ provider: 'a', premium: true }], FR: [{ provider: 'b', premium: false }] } } });
  });

  it.each([
    ['{', /^not valid JSON/],
    ['{"countries": []}', /^countries: must be an object/],
    ['{"countries": {"de": [{"provider": "a", "premium": true}]}}', /^countries\.de: key must be a two-letter ISO code/],
    ['{"countries": {"DE": []}}', /^countries\.DE: must list 1 to 32 providers/],
    ['{"countries": {"DE": [{"provider": "A B", "premium": true}]}}', /^countries\.DE\[0\]\.provider: must match/],
    ['{"countries": {"DE": [{"provider": "a", "premium": true}, {"provider": "a", "premium": false}]}}', /^countries\.DE\[1\]\.provider: a is listed twice/],
    ['{"countries": {"DE": [{"provider": "a", "premium": "yes"}]}}', /^countries\.DE\[0\]\.premium: must be true or false/],
  ])('rejects %s', (text, message) => {
    const r = parseRoutingText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(message);
  });
});
