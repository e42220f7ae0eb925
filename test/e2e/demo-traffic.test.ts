import { afterAll, describe, expect, it } from 'vitest';
import { eventually, startE2eServer, type E2eServer } from './e2e-server.js';

let server: E2eServer | undefined;

afterAll(async () => {
  await server?.stop();
});

describe('demo traffic inside the server process', () => {
  it('creates and completes verifications through the own API, then stops cleanly and revokes its key', async () => {
    server = await startE2eServer({ ROUTEWISE_DEMO_TRAFFIC: '1', ROUTEWISE_DEMO_RATE: '60', ROUTEWISE_SEED: '7' });
    const s = server;
    // Simulated users read their code from the sandbox and type it (median 8 s): completions flow back.
    await eventually(
      () => s.count('SELECT count(*) FROM attempts WHERE completed = 1'),
      (n) => n >= 3,
      20_000,
    );
    expect(s.count("SELECT count(*) FROM verifications WHERE status = 'approved'")).toBeGreaterThanOrEqual(3);
    expect(s.count('SELECT count(*) FROM verifications')).toBeGreaterThan(50);
    // Learning saw the outcomes: settled attempts carry a reward.
    expect(s.count('SELECT count(*) FROM attempts WHERE settled = 1 AND reward IS NOT NULL')).toBeGreaterThanOrEqual(3);
    expect(s.count('SELECT count(*) FROM api_keys WHERE revoked_at IS NULL')).toBe(3); // tenant, admin, internal

    const started = Date.now();
    await s.running.shutdown('test');
    // Users mid-poll are aborted, not waited out.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(s.count('SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL')).toBe(1);
  });
});
