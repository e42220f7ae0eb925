import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmBreakerTransition } from '../../engine/health/health-registry.js';
import { FakeProvider } from './fake-provider.js';
import { ApiClient, mobileNumber } from './harness/api-client.js';
import { startClockedApp, type ClockedApp } from './harness/clocked-app.js';
import { checkInvariants, withDb } from './harness/db-invariants.js';
import { waitFor } from './harness/wait-for.js';

const SEGMENT = 'DE:262-01:standard';
let fakes: FakeProvider[];
let app: ClockedApp;
let api: ApiClient;
const transitions: ArmBreakerTransition[] = [];
let n = 0;

beforeAll(async () => {
  fakes = [
    await FakeProvider.start({ id: 'fake-a', mode: '5xx' }),
    await FakeProvider.start({ id: 'fake-b', mode: 'ok', receiptDelayMs: null }),
  ];
  app = await startClockedApp({ fakes });
  api = new ApiClient(app.url);
});
afterAll(async () => {
  await app?.stop();
  for (const f of fakes ?? []) await f.close();
});

const [A, B] = [0, 1] as const;
const drain = () => transitions.push(...app.health.drainBreakerEvents().filter((t) => t.segment === SEGMENT));
const opens = (provider: string) => transitions.filter((t) => t.provider === provider && t.to === 'open');
const create = async () => {
  const res = await api.create(mobileNumber(80_000 + n++));
  drain();
  return res;
};

describe('a 5xx storm on one provider (clocked app, HTTP adapters to fake providers)', () => {
  it('opens its breaker after 5 consecutive failures; the other provider carries every verification', async () => {
    for (let i = 0; i < 200 && opens('fake-a').length === 0; i++) expect((await create()).status).toBe(201);
    const [first] = opens('fake-a');
    expect(first).toMatchObject({ reason: 'consecutive_failures', ejections: 1 });
    expect(fakes[A]?.requests).toBe(5);
    expect((first?.ejectedUntil ?? 0) - (first?.at ?? 0)).toBe(30_000);
    const before = fakes[A]?.requests;
    for (let i = 0; i < 10; i++) expect((await create()).status).toBe(201);
    expect(fakes[A]?.requests).toBe(before);
    // Every verification reached a working provider: none failed.
    expect(
      withDb(app.files.dbPath, (db) =>
        db.prepare("SELECT COUNT(*) AS n FROM verifications WHERE status = 'failed'").get(),
      ),
    ).toEqual({ n: 0 });
  });

  it('ejection grows when the half-open probe fails again: 30 s, then 60 s', async () => {
    app.advance(30_001);
    // Make the healthy provider fail too, so the next verification fails over to the half-open one (the probe).
    (fakes[B] as FakeProvider).mode = '5xx';
    const before = fakes[A]?.requests ?? 0;
    for (let i = 0; i < 10 && (fakes[A]?.requests ?? 0) === before; i++) await create();
    expect(fakes[A]?.requests).toBe(before + 1);
    const reopened = opens('fake-a').filter((t) => t.reason === 'probe_failed');
    expect(reopened).toHaveLength(1);
    expect((reopened[0]?.ejectedUntil ?? 0) - (reopened[0]?.at ?? 0)).toBe(60_000);
  });

  it('recovers: after the ejection a successful probe closes the breaker', async () => {
    (fakes[A] as FakeProvider).mode = 'ok';
    app.advance(60_001);
    // The policy has learned fake-a is bad, so force the probe again by failing fake-b once more.
    const before = fakes[A]?.requests ?? 0;
    for (let i = 0; i < 10 && (fakes[A]?.requests ?? 0) === before; i++) expect((await create()).status).toBe(201);
    (fakes[B] as FakeProvider).mode = 'ok';
    await waitFor(
      'the probe to close the breaker',
      () => (drain(), transitions.some((t) => t.provider === 'fake-a' && t.to === 'closed')),
      2_000,
    );
    expect(transitions.filter((t) => t.provider === 'fake-a').at(-1)).toMatchObject({
      to: 'closed',
      reason: 'probe_succeeded',
    });
    expect(checkInvariants(app.files.dbPath).violations).toEqual([]);
  });

  // Several providers, every breaker open: refused with 503 and Retry-After (circuit-breaker-guard.ts).
  it('all providers down: 503 with Retry-After, and no further sends', async () => {
    for (const f of fakes) f.mode = '5xx';
    let refusal;
    for (let i = 0; i < 20 && !refusal; i++) {
      const res = await create();
      if (res.status !== 201) refusal = res;
    }
    expect(refusal?.status).toBe(503);
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThan(0);
    const before = fakes.reduce((s, f) => s + f.requests, 0);
    for (let i = 0; i < 5; i++) expect((await create()).status).toBe(503);
    expect(fakes.reduce((s, f) => s + f.requests, 0)).toBe(before);
  });
});
