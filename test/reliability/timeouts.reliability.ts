import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type FaultPlan } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { checkInvariants } from './harness/db-invariants.js';
import { quantile, reportFigure } from './harness/figures.js';
import { startTestServer, type TestServer } from './harness/test-server.js';
import { waitFor } from './harness/wait-for.js';

let fakes: FakeProvider[];
let server: TestServer;
let api: ApiClient;

/**
 * A fresh server and fake providers for each describe: the hanging-provider test opens the
 * circuit breakers of whichever providers the policy tried first (both, often), which would
 * turn the next test's creates into 503s until the breakers' cool-down.
 */
function freshServer(): void {
  beforeAll(async () => {
    fakes = [await FakeProvider.start({ id: 'fake-a' }), await FakeProvider.start({ id: 'fake-b' })];
    // The deployment default provider timeout (3 s), not the fast suite's 400 ms.
    server = await startTestServer({ fakes });
    api = new ApiClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    for (const f of fakes ?? []) await f.close();
  });
}

describe('hanging provider: time to a successful alternate send', () => {
  freshServer();
  it('30 verifications whose first provider hangs all reach the user through the other one', async () => {
    const plan: FaultPlan = { mode: 'hang', remaining: 30 };
    for (const f of fakes) f.plan = plan;
    const tos = Array.from({ length: 30 }, (_, i) => mobileNumber(400_000 + i));
    const started = new Map<string, number>();
    const created = await Promise.all(
      tos.map(async (to) => {
        started.set(to, Date.now());
        return idOf(await api.create(to));
      }),
    );
    expect(plan.remaining).toBe(0);
    const delays = await waitFor(
      'every alternate send',
      () => {
        const firsts = tos.map((to) => fakes.flatMap((f) => f.messages.filter((m) => m.to === to))[0]);
        return (
          firsts.every((m) => m !== undefined) &&
          firsts.map((m, i) => (m?.at ?? 0) - (started.get(tos[i] as string) ?? 0))
        );
      },
      15_000,
      50,
    );
    const p50 = quantile(delays, 0.5);
    const p99 = quantile(delays, 0.99);
    reportFigure('p99 time to a successful alternate send when a provider hangs (ms)', p99, {
      p50,
      n: delays.length,
      providerTimeoutMs: 3_000,
    });
    expect(p99).toBeLessThan(4_000);
    for (const [i, id] of created.entries()) {
      const code = fakes.map((f) => f.codeFor(tos[i] as string)).find((c) => c !== undefined);
      expect((await api.check(id, code)).body).toEqual({ id, status: 'approved' });
    }
  }, 60_000);
});

describe('slow-loris', () => {
  freshServer();
  it('connections that never finish their headers are cut by the server; other clients are served meanwhile', async () => {
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    const { port } = new URL(server.url);
    for (let i = 0; i < 200; i++) {
      const s = connect(Number(port), '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => closed.add(s));
      s.write('POST /v1/verifications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
      sockets.push(s);
    }
    // Dribble one header byte every 2 s so the connections never go idle.
    const drip = setInterval(() => {
      for (const s of sockets) if (!closed.has(s)) s.write('X');
    }, 2_000);
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        expect((await api.create(mobileNumber(410_000 + i))).status).toBe(201);
        latencies.push(performance.now() - t0);
      }
      reportFigure('create p99 while 200 slow-loris connections are open (ms)', Math.round(quantile(latencies, 0.99)));
      expect(quantile(latencies, 0.99)).toBeLessThan(500);
      // headersTimeout is 10 s; Node checks it every 30 s (connectionsCheckingInterval), so allow 45 s.
      const t0 = performance.now();
      await waitFor('the server to cut every slow connection', () => closed.size === sockets.length, 45_000, 250);
      reportFigure('slow-loris connections cut after (s)', Math.round((performance.now() - t0) / 1000), {
        connections: sockets.length,
      });
    } finally {
      clearInterval(drip);
      for (const s of sockets) s.destroy();
    }
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  }, 90_000);
});
