import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from './fake-provider.js';
import { ApiClient, mobileNumber } from './harness/api-client.js';
import { checkInvariants } from './harness/db-invariants.js';
import { newTally, runFuzz } from './harness/fuzz-requests.js';
import { startTestServer, type TestServer } from './harness/test-server.js';
import { reportFigure } from './harness/figures.js';

/** Cases per run: 2,000 under `npm test`; `npm run test:reliability` sets FUZZ_CASES=10000 (the figure in docs/reliability.md). */
const CASES = Number(process.env.FUZZ_CASES ?? 2_000);
const BATCH = 50;

let fake: FakeProvider;
let server: TestServer;

beforeAll(async () => {
  fake = await FakeProvider.start({ id: 'fake-a' });
  server = await startTestServer({ fakes: [fake] });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe(`fuzz: ${CASES} random bodies and headers against the real server`, () => {
  it('answers only 2xx/4xx, never cuts a connection, stays up, and the database invariants hold', async () => {
    const tally = newTally();
    const t0 = performance.now();
    await runFuzz(server.url, { runs: Math.ceil(CASES / BATCH), batch: BATCH, seed: 20240601 }, tally);
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      `fuzz: ${tally.cases} cases in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(tally.byStatus)}\n`,
    );
    reportFigure('fuzz cases run / 5xx seen', `${tally.cases} / ${tally.fiveXx.length}`, {
      transportErrors: tally.transportErrors.length,
      seconds: +seconds.toFixed(1),
    });
    expect(tally.fiveXx).toEqual([]);
    expect(tally.transportErrors).toEqual([]);
    expect(tally.cases).toBeGreaterThanOrEqual(CASES);
    const twoXx = Object.entries(tally.byStatus).filter(([s]) => Number(s) < 300);
    expect(twoXx.length).toBeGreaterThan(0);
    expect(Object.keys(tally.byStatus).every((s) => Number(s) >= 200 && Number(s) < 500)).toBe(true);
    // Still serving, and what it wrote is sound.
    expect((await new ApiClient(server.url).create(mobileNumber(987_654))).status).toBe(201);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  }, 120_000);
});
