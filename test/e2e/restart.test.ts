import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './child-server.js';
import { ADMIN_KEY, api, numbers, TENANT_KEY, waitForCode } from './e2e-server.js';

const dir = mkdtempSync(join(tmpdir(), 'routewise-restart-'));
const env = {
  ROUTEWISE_DB: join(dir, 'routewise.db'),
  ROUTEWISE_KEY_FILE: join(dir, 'keys.json'),
  ROUTEWISE_DEMO_API_KEY: TENANT_KEY,
  ROUTEWISE_ADMIN_KEY: ADMIN_KEY,
  ROUTEWISE_DEMO_TRAFFIC: '0',
  ROUTEWISE_TICK_MS: '50',
  ROUTEWISE_LOG_LEVEL: 'info',
};
const running: ChildServer[] = [];

afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Segments = {
  segments: { segment: string; providers: { provider: string; estimate: { mean: number; n: number } }[] }[];
};

/** Policy estimates per segment and provider. */
async function estimates(url: string): Promise<Map<string, { mean: number; n: number }>> {
  const res = await api(url, 'GET', '/v1/routing/segments', { key: ADMIN_KEY });
  expect(res.status).toBe(200);
  const out = new Map<string, { mean: number; n: number }>();
  for (const s of (res.json as unknown as Segments).segments)
    for (const p of s.providers) out.set(`${s.segment}|${p.provider}`, p.estimate);
  return out;
}

/** Discounted attempts per delay bucket of the engine's completion model. */
async function landed(url: string): Promise<number[]> {
  const res = await api(url, 'GET', '/v1/routing/completion-model', { key: ADMIN_KEY });
  expect(res.status).toBe(200);
  return (res.json as unknown as { buckets: { attempts: number }[] }).buckets.map((b) => b.attempts);
}

describe('restart (child process, SIGTERM)', () => {
  it('keeps a pending verification approvable with its code and restores the learned state', async () => {
    const first = await spawnServer(env);
    running.push(first);
    const next = numbers('DE', 51);
    const people = [next(), next(), next(), next()];
    const ids: string[] = [];
    for (const to of people) {
      const res = await api(first.url, 'POST', '/v1/verifications', { body: { to, action: 'login' } });
      expect(res.status).toBe(201);
      ids.push(res.json.id as string);
    }
    const codes = await Promise.all(
      people.map((to) => waitForCode({ call: (m, p, o) => api(first.url, m, p, o) }, to)),
    );
    // Three users complete (rewards are learned); the fourth stays pending across the restart.
    for (let i = 0; i < 3; i++) {
      expect(
        (await api(first.url, 'POST', `/v1/verifications/${ids[i]}/checks`, { body: { code: codes[i]!.code } })).json
          .status,
      ).toBe('approved');
    }
    const pendingId = ids[3]!;
    const before = (await api(first.url, 'GET', `/v1/verifications/${pendingId}`)).json;
    expect(before.status).toBe('pending');
    const learnedBefore = await estimates(first.url);
    const landedBefore = await landed(first.url);
    // The three completed attempts (and any delivered receipt) taught the completion model.
    expect(landedBefore.reduce((a, b) => a + b, 0)).toBeGreaterThan(2.99);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);
    const db = new Database(env.ROUTEWISE_DB, { readonly: true });
    const snapshot = db
      .prepare(
        'SELECT policy_kind AS kind, state_json AS state, engine_json AS engine FROM policy_snapshots ORDER BY at DESC, id DESC LIMIT 1',
      )
      .get() as { kind: string; state: string; engine: string | null } | undefined;
    db.close();
    expect(snapshot?.kind).toBe('discounted-ts');
    expect(snapshot?.state.length).toBeGreaterThan(2);
    expect(JSON.parse(snapshot?.engine ?? 'null')).toMatchObject({
      kind: 'routing-engine',
      state: { completion: { kind: 'completion-model' }, shifts: { kind: 'shift-detector' } },
    });

    const second = await spawnServer(env);
    running.push(second);
    expect(second.output()).toMatch(/"msg":"learned state restored"/);
    // No key is printed again: the tenant and admin keys are the ones from the environment.
    expect(second.output()).not.toMatch(/shown once/);
    expect(second.output()).not.toMatch(/could not be restored/);
    const learnedAfter = await estimates(second.url);
    expect(learnedBefore.size).toBeGreaterThan(0);
    for (const [key, est] of learnedBefore) {
      expect(learnedAfter.get(key)?.n, key).toBeCloseTo(est.n, 1);
      expect(learnedAfter.get(key)?.mean, key).toBeCloseTo(est.mean, 2);
    }
    // The completion model too (a few seconds of its 6 h half-life later).
    const landedAfter = await landed(second.url);
    expect(landedAfter).toHaveLength(landedBefore.length);
    landedBefore.forEach((n, i) => expect(landedAfter[i], `bucket ${i}`).toBeCloseTo(n, 2));
    const after = (await api(second.url, 'GET', `/v1/verifications/${pendingId}`)).json;
    expect(after).toEqual(before);
    const check = await api(second.url, 'POST', `/v1/verifications/${pendingId}/checks`, {
      body: { code: codes[3]!.code },
    });
    expect(check.json).toEqual({ id: pendingId, status: 'approved' });
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
