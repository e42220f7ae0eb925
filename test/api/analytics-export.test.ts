import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsBusyError, type AnalyticsStore } from '../../db/stores/analytics-store.js';
import { makeAttempt, makeState, makeVerification } from '../../db/testing/record-fixtures.js';
import { DecisionRecordLine, SummaryResponse, TimeseriesResponse } from '../../server/schemas/analytics-schemas.js';
import { PHONE, startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
let T0: number;
const COST: Record<string, number> = { 'fake-a': 0.04, 'fake-b': 0.02 };
const settle = () => new Promise((r) => setTimeout(r, 10));

/**
 * The known run, all DE: v1 at T0 approved after 5 s; v2 at T0+60 s approved after 10 s;
 * v3 at T0+120 s refused by both providers (2 attempts, failed); v4 at T0+125 s left pending.
 */
async function knownRun() {
  T0 = t.now();
  const approve = async (number: string, afterMs: number) => {
    const v = await t.createVerification({ to: number });
    const msg = t.sent.at(-1);
    t.advance(afterMs);
    await t.json(`/v1/verifications/${v.id}/checks`, {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({ code: msg?.code }),
    });
    return v;
  };
  await approve(PHONE, 5_000);
  t.advance(T0 + 60_000 - t.now());
  await approve('+4915112345670', 10_000);
  t.advance(T0 + 120_000 - t.now());
  t.rejecting.add('fake-a').add('fake-b');
  await t.createVerification({ to: '+4915112345671' });
  await settle();
  t.rejecting.clear();
  t.advance(5_000);
  await t.createVerification({ to: '+4915112345672' });
  await settle();
}

beforeEach(async () => {
  t = await startTestApp();
  await knownRun();
});
afterEach(() => t.close());

const range = () => `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 180_000).toISOString()}`;

describe('GET /v1/analytics/summary', () => {
  it('computes the known run by country, with totals', async () => {
    const { status, body } = await t.json(`/v1/analytics/summary?${range()}&groupBy=country`);
    expect(status).toBe(200);
    const s = SummaryResponse.parse(body);
    // The last message is v4's, which is still pending: its spend is not charged to v1 and v2 yet.
    const cost = t.sent.slice(0, -1).reduce((sum, m) => sum + (COST[m.provider] ?? 0), 0);
    const expected = {
      verifications: 4,
      finished: 3,
      completed: 2,
      completionRate: 2 / 3,
      timeToVerifyP50Ms: 5_000,
      timeToVerifyP95Ms: 10_000,
      timeToVerifyP99Ms: 10_000,
      fallbackRate: 1 / 3,
      attemptsPerVerification: 4 / 3,
      failed: 1,
      failureShare: 1,
      // v1's creation: what the dashboard takes a rate per minute from.
      firstAt: new Date(T0).toISOString(),
    };
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ key: 'DE', ...expected });
    expect(s.rows[0]?.costPerCompletion).toBeCloseTo(cost / 2, 12);
    expect(s.totals).toMatchObject(expected);
  });

  it('gives an empty range zero verifications and no first creation time', async () => {
    const before = `from=${new Date(T0 - 120_000).toISOString()}&to=${new Date(T0).toISOString()}`;
    const s = SummaryResponse.parse((await t.json(`/v1/analytics/summary?${before}`)).body);
    expect(s.rows).toEqual([]);
    expect(s.totals).toMatchObject({ verifications: 0, completionRate: null, firstAt: null });
  });

  it('answers 503 analytics_busy with Retry-After when the analytics queue is full', async () => {
    const analytics = t.stores.analytics as { -readonly [K in keyof AnalyticsStore]: AnalyticsStore[K] };
    const full = () => Promise.reject(new AnalyticsBusyError('16 analytics queries are already waiting'));
    analytics.summary = full;
    analytics.timeseries = full;
    for (const path of [`/v1/analytics/summary?${range()}`, `/v1/analytics/timeseries?${range()}&bucket=60`]) {
      const res = await t.call(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { code: string }).code).toBe('analytics_busy');
    }
  });

  it('groups by provider and rejects a bad groupBy or range', async () => {
    const { body } = await t.json(`/v1/analytics/summary?${range()}&groupBy=provider`);
    expect(SummaryResponse.parse(body).rows.map((r) => r.key)).toEqual(['fake-a', 'fake-b']);
    expect((await t.json(`/v1/analytics/summary?groupBy=tenant`)).status).toBe(422);
    expect((await t.json(`/v1/analytics/summary?from=0&to=${40 * 86_400_000}`)).status).toBe(422);
  });
});

describe('GET /v1/analytics/timeseries', () => {
  it('gives every 60 s bucket of the range with the known numbers', async () => {
    const { status, body } = await t.json(`/v1/analytics/timeseries?${range()}&bucket=60`);
    expect(status).toBe(200);
    const ts = TimeseriesResponse.parse(body);
    expect(ts.points.map((p) => [p.verifications, p.completionRate, p.p50Ms, p.fallbackRate])).toEqual([
      [1, 1, 5_000, 0],
      [1, 1, 10_000, 0],
      // v3 (two attempts, failed) and v4 (pending, not counted in the rates).
      [2, 0, null, 1],
    ]);
    expect(ts.points[0]?.at).toBe(new Date(T0).toISOString());
  });

  it('refuses more than 2 000 buckets', async () => {
    const res = await t.json<{ detail: string }>(`/v1/analytics/timeseries?from=0&to=${3 * 86_400_000}&bucket=60`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('bucket: gives 4320 buckets over this range; at most 2000');
  });
});

describe('GET /v1/export/decisions', () => {
  it('streams one DecisionRecord per attempt as JSON Lines, without phone data', async () => {
    const res = await t.call(`/v1/export/decisions?${range()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => DecisionRecordLine.parse(JSON.parse(l)));
    expect(lines).toHaveLength(5);
    // v3's two attempts share a timestamp (the fake clock stands still), so they are ordered by id.
    expect(lines.map((l) => l.attemptNumber).sort()).toEqual([1, 1, 1, 1, 2]);
    expect(lines[2]?.verificationId).toBe(lines[3]?.verificationId);
    expect(lines[0]).toMatchObject({
      context: { country: 'DE', tenant: 'tn_demo' },
      segment: 'DE:262-01:standard',
      // No receipt from the fake provider: the code is known to have landed when it was entered.
      outcome: { completed: true, latencyMs: 5_000, signalMs: 5_000 },
    });
    // Rejected attempts never landed.
    expect(lines[2]?.outcome).toMatchObject({ accepted: false });
    expect(lines[2]?.outcome).not.toHaveProperty('signalMs');
    expect(lines[4]?.outcome).toBeNull();
    expect(text).not.toMatch(/phone|codeHash|code_hash/i);
    for (const n of [PHONE, '+4915112345670', '+4915112345671']) expect(text).not.toContain(n.slice(3));
  });

  it('pages through more rows than one page, in time order', async () => {
    const base = T0 + 1_000_000;
    for (let i = 0; i < 1_200; i++) {
      const id = `vf_bulk${String(i).padStart(6, '0')}`;
      t.stores.verifications.insert(makeVerification(makeState(id, base + i), { tenantId: 'tn_demo' }), [
        makeAttempt(`at_bulk${i}`, id, { startedAt: base + i }),
      ]);
    }
    const res = await t.call(`/v1/export/decisions?from=${base}&to=${base + 1_200}`);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: number });
    expect(lines).toHaveLength(1_200);
    expect(lines.every((l, i) => l.at === base + i)).toBe(true);
  });

  it('streams a large export to a slow reader without piling up listeners on the response', async () => {
    const base = T0 + 1_000_000;
    const rows = 15_000;
    for (let i = 0; i < rows; i++) {
      const id = `vf_slow${String(i).padStart(6, '0')}`;
      t.stores.verifications.insert(makeVerification(makeState(id, base + i), { tenantId: 'tn_demo' }), [
        makeAttempt(`at_slow${i}`, id, { startedAt: base + i }),
      ]);
    }
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const res = await t.call(`/v1/export/decisions?from=${base}&to=${base + rows}`);
      const reader = res.body?.getReader();
      if (!reader) throw new Error('no body');
      let text = '';
      const decoder = new TextDecoder();
      // Read slowly, so the server's writes fill the socket and it waits for 'drain' page after page.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(text.trimEnd().split('\n')).toHaveLength(rows);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
