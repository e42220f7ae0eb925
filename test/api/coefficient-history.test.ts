import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../engine/context/features.js';
import { HistoryResponse } from '../../server/schemas/routing-schemas.js';
import { startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({}, { policy: 'linear-ts' });
});
afterEach(() => t.close());

const SEGMENT = 'DE:262-01:standard';

/** One verification: sent, delivered after 2 s, code entered after 3 s more. */
async function completedVerification(): Promise<string> {
  const v = await t.createVerification();
  const msg = t.sent.at(-1);
  if (!msg) throw new Error('nothing sent');
  t.advance(2_000);
  await t.postReceipt(msg.provider, {
    providerMessageId: msg.providerMessageId,
    status: 'delivered',
    occurredAt: t.now(),
  });
  t.advance(3_000);
  const check = await t.json(`/v1/verifications/${v.id}/checks`, {
    method: 'POST',
    key: TENANT_KEY,
    body: JSON.stringify({ code: msg.code }),
  });
  expect(check.status).toBe(200);
  return msg.provider;
}

async function history() {
  const { status, body } = await t.json(`/v1/routing/history?segment=${encodeURIComponent(SEGMENT)}`);
  expect(status).toBe(200);
  return HistoryResponse.parse(body);
}

describe('GET /v1/routing/history with a contextual policy', () => {
  it('returns per-provider coefficient vectors at each snapshot, moved by the learned outcomes', async () => {
    const chosen = new Set<string>();
    for (let i = 0; i < 3; i++) chosen.add(await completedVerification());
    t.app.recorder.recordHistory();
    t.advance(10_000);
    chosen.add(await completedVerification());
    t.app.recorder.recordHistory();
    t.advance(1);

    const h = await history();
    expect(new Set(h.points.map((p) => p.at)).size).toBe(2);
    expect(h.coefficients.map((c) => [c.at, c.provider])).toEqual(h.points.map((p) => [p.at, p.provider]));
    for (const c of h.coefficients) expect(Object.keys(c.values).sort()).toEqual([...FEATURE_NAMES].sort());
    const last = h.coefficients.filter((c) => c.at === h.coefficients.at(-1)?.at);
    for (const provider of chosen) {
      const values = Object.values(last.find((c) => c.provider === provider)?.values ?? {});
      expect(values.some((v) => v !== 0)).toBe(true);
    }
  });

  it('returns an empty list before any snapshot', async () => {
    await completedVerification();
    const h = await history();
    expect(h.points).toEqual([]);
    expect(h.coefficients).toEqual([]);
  });
});
