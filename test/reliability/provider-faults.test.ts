import { afterEach, describe, expect, it } from 'vitest';
import { FakeProvider, type FakeMode, type FaultPlan } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { checkInvariants } from './harness/db-invariants.js';
import { startTestServer, type TestServer } from './harness/test-server.js';
import { waitFor } from './harness/wait-for.js';

interface View {
  id: string;
  status: string;
  attempts: { id: string; provider: string; status: string; errorClass?: string; completed: boolean }[];
  transitions: { fromProvider: string; toProvider: string | null; reason: string }[];
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Two fake providers behind the real server (ROUTEWISE_PROVIDERS_FILE, 400 ms provider timeout); the first send tried gets `fault`. */
async function setup(
  fault: FakeMode,
): Promise<{ server: TestServer; api: ApiClient; fakes: FakeProvider[]; plan: FaultPlan }> {
  const fakes = [await FakeProvider.start({ id: 'fake-a' }), await FakeProvider.start({ id: 'fake-b' })];
  const plan: FaultPlan = { mode: fault, remaining: 1 };
  for (const f of fakes) f.plan = plan;
  const server = await startTestServer({ fakes, timeoutMs: 400 });
  cleanup.push(async () => {
    await server.stop();
    for (const f of fakes) await f.close();
  });
  return { server, api: new ApiClient(server.url), fakes, plan };
}

const view = async (api: ApiClient, id: string) => (await api.get(id)).body as View;
const sends = (fakes: FakeProvider[]) => fakes.reduce((n, f) => n + f.requests, 0);
const messages = (fakes: FakeProvider[]) => fakes.flatMap((f) => f.messages.map((m) => ({ ...m, provider: f.id })));

describe('provider faults on the real server', () => {
  it('a hanging provider fails over within the window: same verification, transition audited, alternate code works', async () => {
    const { api, fakes, server } = await setup('hang');
    const to = mobileNumber(70_001);
    const t0 = Date.now();
    const id = idOf(await api.create(to));
    const alternate = await waitFor('the alternate send', () => messages(fakes)[0], 3_000);
    expect(alternate.at - t0).toBeLessThan(1_500);
    const v = await view(api, id);
    expect(v.attempts).toHaveLength(2);
    const [hung, next] = v.attempts;
    expect(hung?.provider).not.toBe(next?.provider);
    // Outcome unknown: a soft failure, so a late SMS from the hung provider would still be accepted.
    expect(hung).toMatchObject({ status: 'timed_out' });
    expect(v.transitions).toEqual([
      expect.objectContaining({ fromProvider: hung?.provider, toProvider: next?.provider, reason: 'timed_out' }),
    ]);
    expect((await api.check(id, fakes.find((f) => f.id === next?.provider)?.codeFor(to))).body).toEqual({
      id,
      status: 'approved',
    });
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  });

  it.each<[FakeMode, string]>([
    ['html', 'bad_response'],
    ['truncated', 'bad_response'],
    ['error200', 'provider_error'],
    ['5xx', 'provider_error'],
  ])('%s counts as a failure (%s) and fails over at once', async (mode, errorClass) => {
    const { api, fakes } = await setup(mode);
    const to = mobileNumber(70_100 + mode.length);
    const id = idOf(await api.create(to));
    await waitFor('the alternate send', () => messages(fakes)[0], 2_000);
    const v = await view(api, id);
    expect(v.attempts.map((a) => [a.status, a.errorClass])).toEqual([
      ['rejected', errorClass],
      [expect.stringMatching(/^(accepted|delivered)$/), undefined],
    ]);
    expect(v.transitions.map((t) => t.reason)).toEqual(['rejected']);
    expect(sends(fakes)).toBe(2);
  });

  it('a permanent rejection for an invalid number does not fail over', async () => {
    const { api, fakes } = await setup('invalid_number');
    const id = idOf(await api.create(mobileNumber(70_200)));
    const v = await waitFor('the verification to finish', async () => {
      const x = await view(api, id);
      return x.status !== 'pending' && x;
    });
    expect(v.attempts.map((a) => [a.status, a.errorClass])).toEqual([['rejected', 'invalid_number']]);
    expect(v.status).toBe('failed');
    expect(sends(fakes)).toBe(1);
  });

  it('a reset after the provider took the message: reconciled by reference, no extra send, the receipt lands on it', async () => {
    const { api, fakes } = await setup('reset');
    const to = mobileNumber(70_300);
    const id = idOf(await api.create(to));
    const v = await waitFor('the receipt to land', async () => {
      const x = await view(api, id);
      return x.attempts[0]?.status === 'delivered' && x;
    });
    expect(v.attempts).toHaveLength(1);
    expect(sends(fakes)).toBe(1);
    expect(fakes.flatMap((f) => f.receiptStatuses)).toEqual([200]);
  });

  it('a reset with no way to reconcile: outcome unknown, at most one extra send, the first code still works', async () => {
    const { api, fakes } = await setup('reset');
    for (const f of fakes) f.lookupEnabled = false;
    const to = mobileNumber(70_400);
    const id = idOf(await api.create(to));
    await waitFor('the alternate send', () => messages(fakes).length === 2, 3_000);
    const v = await view(api, id);
    expect(v.attempts[0]?.status).toBe('timed_out');
    expect(['accepted', 'delivered']).toContain(v.attempts[1]?.status);
    expect(messages(fakes)).toHaveLength(2);
    // Each provider took one message; the SMS of the ambiguous attempt did reach the handset: its code approves.
    expect(new Set(messages(fakes).map((m) => m.provider)).size).toBe(2);
    const first = messages(fakes).find((m) => m.provider === v.attempts[0]?.provider);
    const code = /(\d{6})/.exec(first?.body ?? '')?.[1];
    expect((await api.check(id, code)).body).toEqual({ id, status: 'approved' });
  });
});
