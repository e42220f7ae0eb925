import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, numbers, startE2eServer, waitForCode, type E2eServer } from './e2e-server.js';

let server: E2eServer;

// Only Date is faked (the server's clock), and it runs on with real time: tests jump it forward.
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.stop();
  vi.useRealTimers();
});
afterEach(() => {
  for (const i of server.running.network.incidents()) server.running.network.clearIncident(i.id);
});

interface View {
  status: string;
  attempts: { id: string; provider: string; status: string; completed: boolean }[];
  transitions: {
    fromAttemptId: string;
    fromProvider: string;
    toAttemptId: string | null;
    toProvider: string | null;
    reason: string;
  }[];
}

const FOREVER = { start: 0, end: 8.64e15 };

describe('failover', () => {
  it("a provider rejection fails over at once, the transition is audited and the next provider's code approves", async () => {
    // In FR only sim-atlas keeps accepting; the other two reject every send.
    for (const provider of ['sim-borealis', 'sim-ember']) {
      server.running.network.injectIncident({ provider, country: 'FR', ...FOREVER, effect: { acceptanceFactor: 0 } });
    }
    const next = numbers('FR', 21);
    let to = '';
    let view: View | undefined;
    // The policy picks the first provider; try fresh numbers until it picked a rejecting one.
    for (let i = 0; i < 10 && !view; i++) {
      to = next();
      const created = await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } });
      expect(created.status).toBe(201);
      if ((created.json as unknown as View).attempts[0]?.provider !== 'sim-atlas')
        view = created.json as unknown as View;
    }
    expect(view).toBeDefined();
    const id = (view as unknown as { id: string }).id;
    const read = (await server.call('GET', `/v1/verifications/${id}`)).json as unknown as View;
    const first = read.attempts[0]!;
    const last = read.attempts.at(-1)!;
    expect(first.status).toBe('rejected');
    expect(last.provider).toBe('sim-atlas');
    expect(last.status).toMatch(/^(accepted|delivered)$/);
    expect(read.transitions[0]).toMatchObject({
      fromAttemptId: first.id,
      fromProvider: first.provider,
      reason: 'rejected',
      toAttemptId: read.attempts[1]!.id,
    });
    expect(read.transitions).toHaveLength(read.attempts.length - 1);
    vi.setSystemTime(Date.now() + 15_000);
    const { code, attemptId } = await waitForCode(server, to);
    expect(attemptId).toBe(last.id);
    expect((await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } })).json.status).toBe(
      'approved',
    );
    const done = (await server.call('GET', `/v1/verifications/${id}`)).json as unknown as View;
    expect(done.status).toBe('approved');
    expect(done.attempts.at(-1)!.completed).toBe(true);
  });

  it('a silent provider times out after its budget and the transition is audited as timed_out', async () => {
    // Every US route accepts and bills but never delivers and never sends a receipt.
    for (const provider of ['sim-atlas', 'sim-borealis', 'sim-dynamo', 'sim-ember']) {
      server.running.network.injectIncident({ provider, country: 'US', ...FOREVER, effect: { silent: true } });
    }
    const to = numbers('US', 22)();
    const created = await server.call('POST', '/v1/verifications', {
      body: { to, action: 'login', windowSeconds: 120 },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const first = (created.json as unknown as View).attempts[0]!;
    expect(first.status).toBe('accepted');
    // Budget <= window / attempts = 40 s: jump the server's clock past it; the 20 ms sweep fires the timer.
    vi.setSystemTime(Date.now() + 41_000);
    const read = await eventually(
      async () => (await server.call('GET', `/v1/verifications/${id}`)).json as unknown as View,
      (v) => v.transitions.length > 0,
    );
    expect(read.status).toBe('pending');
    expect(read.attempts[0]).toMatchObject({ id: first.id, status: 'timed_out' });
    expect(read.transitions[0]).toMatchObject({
      fromAttemptId: first.id,
      fromProvider: first.provider,
      reason: 'timed_out',
      toAttemptId: read.attempts[1]!.id,
    });
    expect(read.attempts[1]!.provider).not.toBe(first.provider);
    // The incident ends: the code of the next attempt lands and approves.
    for (const i of server.running.network.incidents()) server.running.network.clearIncident(i.id);
    vi.setSystemTime(Date.now() + 41_000);
    const third = await eventually(
      async () => (await server.call('GET', `/v1/verifications/${id}`)).json as unknown as View,
      (v) => v.attempts.length === 3,
    );
    // Whichever provider the router picked, its message lands within the rest of the window.
    let code: string | undefined;
    for (let step = 0; step < 8 && code === undefined; step++) {
      vi.setSystemTime(Date.now() + 4_000);
      code = (
        await waitForCode(server, to, { attemptId: third.attempts[2]!.id, timeoutMs: 300 }).catch(() => undefined)
      )?.code;
    }
    expect(code).toBeDefined();
    expect((await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } })).json.status).toBe(
      'approved',
    );
  });
});
