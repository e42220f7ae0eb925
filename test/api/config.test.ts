import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configView, RewardConfigBody, RoutingTableBody, WhatIfResponse } from '../../server/schemas/config-schemas.js';
import { startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

const WEIGHTS = { completion: 0.5, latency: 0.3, cost: 0.2, referencePrice: 0.05, referencePrices: { DE: 0.06 } };
const put = (kind: string, body: unknown) =>
  t.json<Record<string, unknown>>(`/v1/config/${kind}`, { method: 'PUT', body: JSON.stringify(body) });

describe('GET|PUT /v1/config/reward', () => {
  it('GET returns the active version with body, author and history', async () => {
    const { status, body } = await t.json('/v1/config/reward');
    expect(status).toBe(200);
    const view = configView(RewardConfigBody).parse(body);
    expect(view).toMatchObject({ version: 'reward-1', createdBy: 'system', active: true });
    expect(view.history).toHaveLength(1);
  });

  it('PUT bumps the version, audits the admin key, applies it to the engine and marks the timeline', async () => {
    const { status, body } = await put('reward', { weights: WEIGHTS, version: 'ignored' });
    expect(status).toBe(200);
    const view = configView(RewardConfigBody).parse(body);
    expect(view.version).toBe('reward-2');
    expect(view.createdBy).toMatch(/^key_/);
    expect(view.body).toEqual({ version: 'reward-2', weights: WEIGHTS, overrides: [] });
    expect(view.history.map((h) => [h.version, h.active])).toEqual([
      ['reward-2', true],
      ['reward-1', false],
    ]);
    const events = t.stores.snapshots.queryEvents(0, t.now() + 1);
    expect(events).toEqual([
      {
        at: t.now(),
        kind: 'config',
        segment: null,
        provider: null,
        detail: { kind: 'reward', version: 'reward-2', createdBy: view.createdBy },
      },
    ]);
    // New decisions log the new version.
    const v = await t.createVerification();
    expect(t.stores.verifications.findAttempt(v.attempts[0]?.id ?? '')?.rewardVersion).toBe('reward-2');
  });

  const valid = { weights: WEIGHTS };
  it.each([
    [
      'completion 0',
      { weights: { ...WEIGHTS, completion: 0 } },
      'weights.completion: Too small: expected number to be >0',
    ],
    [
      'negative latency',
      { weights: { ...WEIGHTS, latency: -0.1 } },
      'weights.latency: Too small: expected number to be >=0',
    ],
    [
      'string cost',
      { weights: { ...WEIGHTS, cost: '0.2' } },
      'weights.cost: Invalid input: expected number, received string',
    ],
    [
      'lower-case country price',
      { weights: { ...WEIGHTS, referencePrices: { de: 0.1 } } },
      'weights.referencePrices.de: must be an ISO 3166-1 alpha-2 code such as "DE"',
    ],
    [
      'price for "UK"',
      { weights: { ...WEIGHTS, referencePrices: { UK: 0.1 } } },
      'weights.referencePrices.UK: "UK" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2; did you mean "GB"?)',
    ],
    [
      'zero reference price',
      { weights: { ...WEIGHTS, referencePrice: 0 } },
      'weights.referencePrice: Too small: expected number to be >0',
    ],
    ['unknown field', { ...valid, extra: 1 }, '(body): Unrecognized key: "extra"'],
    [
      'override naming nothing',
      { ...valid, overrides: [{ weights: WEIGHTS }] },
      'overrides[0]: must name a tenant, an action or both',
    ],
    [
      'bad override action',
      { ...valid, overrides: [{ action: 'buy', weights: WEIGHTS }] },
      'overrides.0.action: Invalid option: expected one of "signup"|"login"|"password_reset"|"transaction"',
    ],
    ['missing weights', {}, 'weights: Invalid input: expected object, received undefined'],
  ])('PUT with %s -> 422 validation_failed, nothing stored', async (_name, body, detail) => {
    const res = await put('reward', body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'validation_failed', detail });
    expect(t.stores.config.list('reward')).toHaveLength(1);
  });

  it('needs the admin key: 401 without a key, 403 with a tenant key', async () => {
    expect((await t.json('/v1/config/reward', { key: null })).status).toBe(401);
    const tenant = await t.json('/v1/config/reward', { method: 'PUT', key: TENANT_KEY, body: JSON.stringify(valid) });
    expect(tenant).toMatchObject({ status: 403, body: { code: 'admin_key_required' } });
  });
});

describe('GET|PUT /v1/config/routing', () => {
  const table = {
    countries: { DE: [{ provider: 'fake-b', premium: true }], FR: [{ provider: 'fake-a', premium: false }] },
  };

  it('PUT stores routing-2, applies it (new traffic goes only to the listed provider) and publishes a config event', async () => {
    const { status, body } = await put('routing', table);
    expect(status).toBe(200);
    const view = configView(RoutingTableBody).parse(body);
    expect(view.version).toBe('routing-2');
    expect(view.body).toEqual({ version: 'routing-2', ...table });
    const v = await t.createVerification();
    expect(v.attempts[0]?.provider).toBe('fake-b');
  });

  it.each([
    [
      'unknown provider',
      { countries: { DE: [{ provider: 'fake-z', premium: true }] } },
      'countries.DE.0.provider: "fake-z" is not a configured provider',
    ],
    ['no routes', { countries: { DE: [] } }, 'countries.DE: Too small: expected array to have >=1 items'],
    ['no countries', { countries: {} }, 'countries: must list at least one country'],
    [
      'duplicate provider',
      {
        countries: {
          DE: [
            { provider: 'fake-a', premium: true },
            { provider: 'fake-a', premium: false },
          ],
        },
      },
      'countries.DE[1].provider: "fake-a" is listed twice',
    ],
    [
      'missing premium flag',
      { countries: { DE: [{ provider: 'fake-a' }] } },
      'countries.DE.0.premium: Invalid input: expected boolean, received undefined',
    ],
    [
      'bad country',
      { countries: { Germany: [{ provider: 'fake-a', premium: true }] } },
      'countries.Germany: must be an ISO 3166-1 alpha-2 code such as "DE"',
    ],
    // Well-formed codes no phone number resolves to: stored, they would silently never match.
    [
      'UK for GB',
      { countries: { UK: [{ provider: 'fake-a', premium: true }] } },
      'countries.UK: "UK" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2; did you mean "GB"?)',
    ],
    [
      'unassigned code',
      { countries: { XX: [{ provider: 'fake-a', premium: true }] } },
      'countries.XX: "XX" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2)',
    ],
  ])('PUT with %s -> 422, nothing stored', async (_name, body, detail) => {
    const res = await put('routing', body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'validation_failed', detail });
    expect(t.stores.config.list('routing')).toHaveLength(1);
  });
});

describe('stored versions: GET /v1/config/{kind}/versions/{version} and .../restore', () => {
  const table = { countries: { DE: [{ provider: 'fake-b', premium: true }] } };

  it('GET answers a stored version with its body; unknown versions 404, malformed ones 422', async () => {
    const first = configView(RoutingTableBody).parse((await t.json('/v1/config/routing')).body);
    await put('routing', table);
    const { status, body } = await t.json('/v1/config/routing/versions/routing-1');
    expect(status).toBe(200);
    expect(body).toEqual({
      version: 'routing-1',
      createdAt: first.createdAt,
      createdBy: 'system',
      active: false,
      body: first.body,
    });
    expect((await t.json('/v1/config/reward/versions/reward-1')).body).toMatchObject({
      version: 'reward-1',
      active: true,
    });
    expect((await t.json('/v1/config/routing/versions/routing-9')).body).toMatchObject({
      code: 'not_found',
      detail: 'no routing config version routing-9',
    });
    expect((await t.json('/v1/config/routing/versions/reward-1')).status).toBe(404);
    expect((await t.json('/v1/config/routing/versions/latest')).body).toMatchObject({
      code: 'validation_failed',
      detail: 'version: must be a config version such as "routing-2"',
    });
    expect((await t.json('/v1/config/routing/versions/routing-1', { key: TENANT_KEY })).status).toBe(403);
  });

  it('restore stores the old body as the next version by the caller, applies it and marks the timeline', async () => {
    const onlyA = { countries: { DE: [{ provider: 'fake-a', premium: true }] } };
    await put('routing', onlyA);
    await put('routing', table);
    expect((await t.createVerification()).attempts[0]?.provider).toBe('fake-b');
    const res = await t.json('/v1/config/routing/versions/routing-2/restore', { method: 'POST' });
    expect(res.status).toBe(200);
    const view = configView(RoutingTableBody).parse(res.body);
    expect(view.version).toBe('routing-4');
    expect(view.createdBy).toMatch(/^key_/);
    expect(view.body).toEqual({ version: 'routing-4', ...onlyA });
    expect(view.history.map((h) => [h.version, h.active])).toEqual([
      ['routing-4', true],
      ['routing-3', false],
      ['routing-2', false],
      ['routing-1', false],
    ]);
    expect(t.stores.snapshots.queryEvents(0, t.now() + 1).at(-1)?.detail).toEqual({
      kind: 'routing',
      version: 'routing-4',
      createdBy: view.createdBy,
      restoredFrom: 'routing-2',
    });
    // The engine routes by the restored table again.
    expect((await t.createVerification()).attempts[0]?.provider).toBe('fake-a');
  });

  it('restore validates the old body as a PUT would: a provider without an adapter now is refused, nothing stored', async () => {
    // A version stored when another providers file was in use.
    t.stores.config.insertAndActivate(
      'routing',
      { version: 'routing-2', countries: { DE: [{ provider: 'gone', premium: true }] } },
      'system',
      t.now(),
    );
    expect(t.stores.config.activate('routing', '1')).toBe(true);
    const res = await t.json('/v1/config/routing/versions/routing-2/restore', { method: 'POST' });
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'validation_failed', detail: 'countries.DE.0.provider: "gone" is not a configured provider' },
    });
    expect(t.stores.config.list('routing')).toHaveLength(2);
    expect(t.stores.config.active('routing')?.version).toBe('1');
  });
});

describe('POST /v1/config/reward/what-if', () => {
  it('answers an empty prediction without traffic and validates the weights', async () => {
    const empty = await t.json('/v1/config/reward/what-if', {
      method: 'POST',
      body: JSON.stringify({ weights: WEIGHTS }),
    });
    expect(empty.status).toBe(200);
    expect(WhatIfResponse.parse(empty.body)).toMatchObject({
      sampleSize: 0,
      baseline: { completionRate: 0, shares: {} },
    });
    const bad = await t.json('/v1/config/reward/what-if', {
      method: 'POST',
      body: JSON.stringify({ weights: { ...WEIGHTS, completion: -1 } }),
    });
    expect(bad).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    for (const weights of [{}, { cost: 0.3, speed: 1 }, { referencePrices: { de: 0.1 } }]) {
      const res = await t.json('/v1/config/reward/what-if', { method: 'POST', body: JSON.stringify({ weights }) });
      expect(res).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    }
  });

  it('lays partial weights over the active ones: only the fields given change', async () => {
    for (let i = 0; i < 4; i++) {
      await t.createVerification({ to: `+491511234560${i}` });
      const msg = t.sent.at(-1);
      if (!msg) throw new Error('nothing sent');
      t.advance(4_000);
      const id = t.stores.verifications.findAttempt(msg.request.attemptId)?.verificationId;
      await t.json(`/v1/verifications/${id}/checks`, {
        method: 'POST',
        key: TENANT_KEY,
        body: JSON.stringify({ code: msg.code }),
      });
    }
    const ask = async (weights: object) => {
      const res = await t.json('/v1/config/reward/what-if', { method: 'POST', body: JSON.stringify({ weights }) });
      expect(res.status).toBe(200);
      return WhatIfResponse.parse(res.body);
    };
    const active = (await t.json<{ body: { weights: typeof WEIGHTS } }>('/v1/config/reward')).body.body.weights;
    // Restating the active weights in full and naming none but one of them at its active value agree.
    const same = await ask({ cost: active.cost });
    expect(same).toEqual(await ask(active));
    expect(same.proposed.meanReward).toBeCloseTo(same.baseline.meanReward, 12);
    // A cost weight alone changes the proposed side's reward scale and leaves the rest active.
    const cheap = await ask({ cost: active.cost + 1 });
    expect(cheap).toEqual(await ask({ ...active, cost: active.cost + 1 }));
    expect(cheap.proposed.meanReward).not.toBeCloseTo(same.proposed.meanReward, 6);
  });

  it('predicts from settled logged traffic: completions, latency, cost and provider shares', async () => {
    for (let i = 0; i < 6; i++) {
      await t.createVerification({ to: `+491511234567${i}` });
      const msg = t.sent.at(-1);
      if (!msg) throw new Error('nothing sent');
      t.advance(4_000);
      const checked = await t.json(
        `/v1/verifications/${t.stores.verifications.findAttempt(msg.request.attemptId)?.verificationId}/checks`,
        {
          method: 'POST',
          key: TENANT_KEY,
          body: JSON.stringify({ code: msg.code }),
        },
      );
      expect(checked.body).toMatchObject({ status: 'approved' });
    }
    const { status, body } = await t.json('/v1/config/reward/what-if', {
      method: 'POST',
      body: JSON.stringify({ weights: { ...WEIGHTS, cost: 5 } }),
    });
    expect(status).toBe(200);
    const r = WhatIfResponse.parse(body);
    expect(r.sampleSize).toBe(6);
    expect(r.baseline.completionRate).toBeCloseTo(1, 9);
    expect(r.proposed.completionRate).toBeCloseTo(1, 9);
    expect(r.baseline.meanLatencyMs).toBeCloseTo(4_000, 6);
    const shares = Object.values(r.proposed.shares).reduce((a, b) => a + b, 0);
    expect(shares).toBeCloseTo(1, 9);
    // Costs are 0.04 (fake-a) and 0.02 (fake-b): any routing's cost per completion lies between.
    expect(r.proposed.costPerCompletion).toBeGreaterThanOrEqual(0.02 - 1e-12);
    expect(r.proposed.costPerCompletion).toBeLessThanOrEqual(0.04 + 1e-12);
  });
});
