import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { loadKeyFile } from '../../server/security/key-file.js';
import { FakeProvider, type FakeMode } from './fake-provider.js';
import { ApiClient, mobileNumber } from './harness/api-client.js';
import { killAllChildren, spawnServer, type ChildServer } from './harness/child-server.js';
import { checkInvariants, withDb } from './harness/db-invariants.js';
import { reportFigure } from './harness/figures.js';
import { makeServerFiles, serverEnv, wireReceipts, type ServerFiles } from './harness/test-server.js';
import { waitFor } from './harness/wait-for.js';

/** Kill rounds; the issue asks for 20 or more. */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const WORKERS = 8;

let fakes: FakeProvider[];
let files: ServerFiles;
let n = 0;

beforeAll(async () => {
  fakes = [await FakeProvider.start({ id: 'fake-a' }), await FakeProvider.start({ id: 'fake-b' })];
  files = makeServerFiles(fakes.map((f) => ({ id: f.id, url: f.url, timeoutMs: 3_000 })));
});
afterAll(async () => {
  killAllChildren();
  for (const f of fakes ?? []) await f.close();
  if (files) rmSync(files.dir, { recursive: true, force: true });
});

async function start(on: ServerFiles = files): Promise<{ server: ChildServer; api: ApiClient }> {
  const server = await spawnServer(serverEnv(on));
  wireReceipts(fakes, server.url, loadKeyFile(on.keyFile, { createIfMissing: false }));
  return { server, api: new ApiClient(server.url) };
}
const setModes = (mode: FakeMode) => fakes.forEach((f) => (f.mode = mode));
const codeFor = (to: string) =>
  fakes
    .flatMap((f) => f.messages.filter((m) => m.to === to))
    .sort((a, b) => a.at - b.at)
    .at(-1)
    ?.body.match(/(\d{6})/)?.[1];

interface Ack {
  readonly to: string;
  readonly round: number;
  approved: boolean;
}

describe('crash and durability (child-process server, on-disk SQLite)', () => {
  it(`SIGKILL at random moments under load, ${ROUNDS} rounds: nothing acknowledged is lost`, async () => {
    const random = mulberry32(6006);
    const acked = new Map<string, Ack>();
    let lost = 0;
    let approvalsLost = 0;
    let pendingRechecked = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const { server, api } = await start();
      // Everything acknowledged before any earlier kill is there, approvals included.
      for (const [id, ack] of acked) {
        const res = await api.get(id);
        if (res.status !== 200) lost++;
        else if (ack.approved && (res.body as { status: string }).status !== 'approved') approvalsLost++;
      }
      // Pending verifications of the previous round still work after the restart.
      const pending = [...acked].filter(([, a]) => a.round === round - 1 && !a.approved).slice(0, 5);
      for (const [id, ack] of pending) {
        const res = await api.check(id, codeFor(ack.to));
        expect(res.body).toEqual({ id, status: 'approved' });
        ack.approved = true;
        pendingRechecked++;
      }
      if (round === ROUNDS) {
        await server.stop('SIGTERM');
        break;
      }
      const ids = [...acked.keys()];
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const to = mobileNumber(200_000 + n++);
          const res = await api.create(to).catch(() => undefined);
          if (res?.status !== 201) continue;
          const id = (res.body as { id: string }).id;
          acked.set(id, { to, round, approved: false });
          ids.push(id);
          if (random() < 0.5) {
            const check = await api.check(id, codeFor(to)).catch(() => undefined);
            if ((check?.body as { status?: string } | undefined)?.status === 'approved')
              (acked.get(id) as Ack).approved = true;
          }
        }
      };
      const workers = Array.from({ length: WORKERS }, worker);
      await new Promise((resolve) => setTimeout(resolve, 150 + random() * 1_200));
      await server.stop('SIGKILL');
      stop = true;
      await Promise.all(workers);
      const report = checkInvariants(files.dbPath, { readonly: false });
      expect(report.integrity).toBe('ok');
      expect(report.violations).toEqual([]);
    }
    reportFigure('acknowledged verifications lost under kill -9', lost, {
      rounds: ROUNDS,
      acknowledged: acked.size,
      approvalsLost,
      pendingRechecked,
    });
    expect(acked.size).toBeGreaterThan(ROUNDS * 20);
    expect(lost).toBe(0);
    expect(approvalsLost).toBe(0);
    expect(pendingRechecked).toBeGreaterThan(0);
  }, 300_000);

  it('kill between provider acceptance and commit: at most one extra SMS, and the first code still works', async () => {
    let { server, api } = await start();
    setModes('accept_hang');
    const to = mobileNumber(900_001);
    const res = await api.create(to);
    expect(res.status).toBe(201);
    const id = (res.body as { id: string; attempts: { status: string }[] }).id;
    // The provider has the message; our record still says `sending` (its answer never came).
    expect((res.body as { attempts: { status: string }[] }).attempts.map((a) => a.status)).toEqual(['sending']);
    await server.stop('SIGKILL');
    setModes('ok');
    ({ server, api } = await start());
    // Nothing re-sends at start-up; the attempt's stored timer fails it over once its budget
    // (45 s for a provider with no latency history: 3 x the 15 s default) has passed.
    await waitFor(
      'the failover send',
      () => fakes.flatMap((f) => f.messages.filter((m) => m.to === to)).length === 2,
      60_000,
      100,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = fakes.flatMap((f) => f.messages.filter((m) => m.to === to)).sort((a, b) => a.at - b.at);
    reportFigure('extra sends per ambiguous send (kill after provider acceptance)', sent.length - 1, {
      failoverAfterMs: (sent[1]?.at ?? 0) - (sent[0]?.at ?? 0),
    });
    expect(sent).toHaveLength(2);
    const view = (await api.get(id)).body as { attempts: { status: string }[]; transitions: { reason: string }[] };
    expect(view.attempts[0]?.status).toBe('timed_out');
    expect(view.transitions.map((t) => t.reason)).toEqual(['timed_out']);
    // The SMS that went out before the crash still verifies the user.
    const first = sent[0]?.body.match(/(\d{6})/)?.[1];
    expect((await api.check(id, first)).body).toEqual({ id, status: 'approved' });
    await server.stop('SIGTERM');
  }, 120_000);

  it('SIGTERM drains in-flight requests: every one answered 201, exit 0, all present after restart', async () => {
    // A database of its own: the kill rounds above leave pending verifications and learned
    // health (timeouts, breakers) that could refuse some of these creates before they are in flight.
    const own = makeServerFiles(fakes.map((f) => ({ id: f.id, url: f.url, timeoutMs: 3_000 })));
    let { server, api } = await start(own);
    for (const f of fakes) f.delayMs = 400;
    const tos = Array.from({ length: 30 }, (_, i) => mobileNumber(910_000 + i));
    const inFlight = tos.map((to) => api.create(to));
    // In flight = the server is working on it (its provider call is out): all 30, then SIGTERM.
    const reached = () => fakes.reduce((s, f) => s + f.messages.filter((m) => tos.includes(m.to)).length, 0);
    const answered: string[] = [];
    inFlight.forEach((p, i) =>
      p.then(
        (r) => answered.push(`${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 100)}`),
        (e: unknown) => answered.push(`${i}: ${String(e)}`),
      ),
    );
    try {
      await waitFor('requests to reach the providers', () => reached() === 30, 10_000);
    } catch (err) {
      // Say which creates were answered early (refused?) rather than only that the wait timed out.
      throw new Error(
        `${(err as Error).message}; ${reached()} of 30 reached; answered before: ${answered.join(' | ') || 'none'}`,
        {
          cause: err,
        },
      );
    }
    const exit = server.stop('SIGTERM');
    const settled = await Promise.allSettled(inFlight);
    expect(await exit).toBe(0);
    for (const f of fakes) f.delayMs = 0;
    const sentTo = new Set(fakes.flatMap((f) => f.messages.map((m) => m.to)));
    const outcome = settled.map(
      (r, i) =>
        `${r.status === 'fulfilled' ? r.value.status : String((r.reason as Error).cause ?? r.reason)}:${sentTo.has(tos[i] as string) ? 'sent' : 'unsent'}`,
    );
    expect(outcome).toEqual(Array(30).fill('201:sent'));
    const responses = settled.map((r) => (r as PromiseFulfilledResult<{ status: number; body: unknown }>).value);
    ({ server, api } = await start(own));
    for (const r of responses) expect((await api.get((r.body as { id: string }).id)).status).toBe(200);
    await server.stop('SIGTERM');
    expect(withDb(own.dbPath, (db) => db.pragma('integrity_check', { simple: true }), { readonly: false })).toBe('ok');
    rmSync(own.dir, { recursive: true, force: true });
  }, 60_000);
});
