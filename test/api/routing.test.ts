import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CompletionModelResponse,
  DecisionView,
  HistoryResponse,
  RecentResponse,
  SegmentsResponse,
} from '../../server/schemas/routing-schemas.js';
import { PHONE, startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

const SEGMENT = 'DE:262-01:standard';

/** One verification (to `to`, default the test number): sent, delivered after 2 s, code entered after 5 s. */
async function completedVerification(to?: string) {
  const v = await t.createVerification(to === undefined ? {} : { to });
  const msg = t.sent.at(-1);
  if (!msg) throw new Error('nothing sent');
  t.advance(2_000);
  await t.postReceipt(msg.provider, {
    providerMessageId: msg.providerMessageId,
    status: 'delivered',
    occurredAt: t.now(),
  });
  t.advance(3_000);
  const check = await t.json<{ status: string }>(`/v1/verifications/${v.id}/checks`, {
    method: 'POST',
    key: TENANT_KEY,
    body: JSON.stringify({ code: msg.code }),
  });
  expect(check.body.status).toBe('approved');
  return { v, msg };
}

describe('GET /v1/routing/segments', () => {
  it('lists each segment with per-provider probability, estimate, health and breaker', async () => {
    const { msg } = await completedVerification();
    const { status, body } = await t.json('/v1/routing/segments');
    expect(status).toBe(200);
    const parsed = SegmentsResponse.parse(body);
    const seg = parsed.segments.find((s) => s.segment === SEGMENT);
    expect(seg).toMatchObject({ country: 'DE', operator: '262-01', routeClass: 'standard' });
    const chosen = seg?.providers.find((p) => p.provider === msg.provider);
    expect(chosen?.breaker.state).toBe('closed');
    expect(chosen?.probability).toBeGreaterThan(0);
    expect(chosen?.estimate.n).toBeGreaterThan(0);
    // The completed attempt was settled at the fake provider's price.
    expect(chosen?.cost).toBe(msg.provider === 'fake-a' ? 0.04 : 0.02);
  });
});

describe('GET /v1/routing/completion-model', () => {
  it('shows the completion rate by landing delay and checks each provider’s receipts against completions', async () => {
    // 40 verifications, each receipted 2 s after the request and completed 3 s later; distinct numbers.
    for (let i = 0; i < 40; i++) await completedVerification(`+49151123${String(45_000 + i)}`);
    const { status, body } = await t.json('/v1/routing/completion-model');
    expect(status).toBe(200);
    const model = CompletionModelResponse.parse(body);
    const landed = model.buckets.find((b) => b.fromMs <= 2_000 && (b.toMs === null || b.toMs > 2_000));
    // Discounted over the ~3 minutes of the run: a little under 40.
    expect(landed?.attempts).toBeGreaterThan(39);
    expect(landed?.attempts).toBeLessThanOrEqual(40);
    expect(landed?.completionRate).toBe(1);
    expect(model.buckets.filter((b) => b !== landed).every((b) => b.attempts === 0 && b.completionRate === null)).toBe(
      true,
    );
    // Once the bucket counted 30 attempts, each provider's completions are checked against its signals.
    expect(model.calibration.length).toBeGreaterThan(0);
    for (const c of model.calibration) {
      expect(c.country).toBe('DE');
      expect(c.predicted).toBeCloseTo(c.completed, 6);
      expect(c.ratio).toBe(1);
    }
  });
});

describe('GET /v1/routing/history', () => {
  it('returns snapshot points and the config marker in the default last hour', async () => {
    await completedVerification();
    t.app.recorder.recordHistory();
    t.advance(10_000);
    await t.json('/v1/config/reward', {
      method: 'PUT',
      body: JSON.stringify({ weights: { completion: 1, latency: 0, cost: 0, referencePrice: 0.1 } }),
    });
    t.app.recorder.recordHistory();
    t.advance(1);
    const { status, body } = await t.json(`/v1/routing/history?segment=${encodeURIComponent(SEGMENT)}`);
    expect(status).toBe(200);
    const h = HistoryResponse.parse(body);
    expect(h.segment).toBe(SEGMENT);
    expect(h.downsampled).toBe(false);
    expect(new Set(h.points.map((p) => p.at)).size).toBe(2);
    expect(h.events.map((e) => e.kind)).toEqual(['config']);
    expect(h.coefficients).toEqual([]);
  });

  it.each([
    ['no segment', '', 'segment'],
    ['bad segment', '?segment=DE', 'segment'],
    ['from after to', `?segment=${SEGMENT}&from=2025-06-02T12:00:00Z&to=2025-06-02T11:00:00Z`, 'from'],
    ['range over 7 days', `?segment=${SEGMENT}&from=2025-05-01T00:00:00Z&to=2025-06-02T00:00:00Z`, 'from'],
    ['unparseable time', `?segment=${SEGMENT}&from=yesterday`, 'from'],
    ['unknown parameter', `?segment=${SEGMENT}&limit=3`, ''],
  ])('%s -> 422 (query %j, issue path %j)', async (_name, query, path) => {
    const res = await t.json<{ code: string; issues: { path: string }[] }>(`/v1/routing/history${query}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.issues[0]?.path).toBe(path);
  });
});

describe('GET /v1/routing/decisions/{attemptId}', () => {
  it('returns the logged decision with its outcome', async () => {
    const { msg } = await completedVerification();
    const { status, body } = await t.json(`/v1/routing/decisions/${msg.request.attemptId}`);
    expect(status).toBe(200);
    const d = DecisionView.parse(body);
    expect(d).toMatchObject({
      attemptId: msg.request.attemptId,
      segment: SEGMENT,
      provider: msg.provider,
      policy: 'discounted-ts',
      rewardVersion: 'reward-1',
    });
    expect(Object.keys(d.probabilities).sort()).toEqual(['fake-a', 'fake-b']);
    expect(d.propensity).toBeCloseTo(d.probabilities[msg.provider] ?? -1, 12);
    expect(d.outcome).toMatchObject({
      status: 'delivered',
      completed: true,
      settled: true,
      cost: msg.provider === 'fake-a' ? 0.04 : 0.02,
    });
    expect(d.outcome.reward).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain(msg.code);
  });

  it('404 for an unknown attempt, 422 for a malformed id', async () => {
    expect((await t.json('/v1/routing/decisions/at_AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await t.json('/v1/routing/decisions/..%2F..%2Fetc')).status).toBe(422);
  });
});

describe('GET /v1/routing/recent', () => {
  it('lists verifications newest first with attempts and transitions, without numbers or codes', async () => {
    const first = await completedVerification();
    t.rejecting.add('fake-a').add('fake-b');
    const second = await t.createVerification({ to: '+4915112345679' });
    await new Promise((r) => setTimeout(r, 10));
    const { status, body } = await t.json('/v1/routing/recent?limit=10');
    expect(status).toBe(200);
    const r = RecentResponse.parse(body);
    expect(r.verifications.map((v) => v.id)).toEqual([second.id, first.v.id]);
    // Both providers refuse: one failover, then no provider left.
    const [a1, a2] = r.verifications[0]?.attempts ?? [];
    expect([a1?.status, a2?.status]).toEqual(['rejected', 'rejected']);
    expect(r.verifications[0]?.transitions).toMatchObject([
      { from: a1?.provider, to: a2?.provider, reason: 'rejected' },
      { from: a2?.provider, to: null },
    ]);
    expect(r.verifications[0]?.status).not.toBe('pending');
    const text = JSON.stringify(body);
    expect(text).not.toContain(PHONE.slice(1));
    expect(text).not.toContain('5112345679');
    for (const m of t.sent) expect(text).not.toContain(m.code);
  });

  it.each(['0', '201', 'x'])('limit=%s -> 422', async (limit) => {
    expect((await t.json(`/v1/routing/recent?limit=${limit}`)).status).toBe(422);
  });
});
