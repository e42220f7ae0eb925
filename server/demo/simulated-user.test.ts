import { describe, expect, it } from 'vitest';
import type { CreateResult, DemoClient, SandboxMessage } from './demo-client.js';
import { DemoStats } from './demo-stats.js';
import { codeIn, runUser, wrongCodeFor } from './simulated-user.js';
import type { DemoRequest } from './traffic-mix.js';

const USER: DemoRequest = {
  kind: 'user',
  to: '+4915112345678',
  country: 'DE',
  operator: '262-01',
  action: 'login',
  routeClass: 'standard',
  fraudScore: 0.1,
  fraudulent: false,
  wrongCodeFirst: false,
  userSeed: 1,
};

/** A fake API on a fake clock: the code lands `landsAfterMs` after creation. */
function world(options: { landsAfterMs?: number; create?: CreateResult } = {}) {
  let now = 1_000_000;
  const calls: string[] = [];
  const checks: string[] = [];
  const created: CreateResult = options.create ?? { ok: true, id: 'vf_x', createdAt: now, expiresAt: now + 300_000 };
  const client: DemoClient = {
    create: async () => (calls.push('create'), created),
    messages: async (): Promise<SandboxMessage[]> => {
      calls.push('messages');
      const at = 1_000_000 + (options.landsAfterMs ?? Infinity);
      return now >= at ? [{ body: 'Your verification code is 012345. Do not share it.', deliveredAt: at }] : [];
    },
    check: async (_id, code) => (calls.push('check'), checks.push(code), code === '012345' ? 'approved' : 'pending'),
  };
  const stats = new DemoStats();
  const abort = new AbortController();
  const deps = {
    client,
    stats,
    now: () => now,
    sleep: async (ms: number) => void (now += ms),
    pollIntervalMs: 1_000,
    signal: abort.signal,
  };
  return { deps, stats, calls, checks, abort, clock: () => now };
}

describe('runUser', () => {
  it('polls until the code lands, waits its typing time and gets approved', async () => {
    const w = world({ landsAfterMs: 2_500 });
    await runUser(USER, w.deps);
    expect(w.calls.filter((c) => c === 'messages')).toHaveLength(4); // at 0, 1, 2 and 3 s
    expect(w.checks).toEqual(['012345']);
    expect(w.stats.snapshot(0)).toMatchObject({ created: 1, approved: 1, errors: 0 });
    expect(w.clock()).toBeGreaterThan(1_000_000 + 2_500); // typed after landing
  });

  it('types a wrong code first when told to', async () => {
    const w = world({ landsAfterMs: 0 });
    await runUser({ ...USER, wrongCodeFirst: true }, w.deps);
    expect(w.checks).toHaveLength(2);
    expect(w.checks[0]).not.toBe('012345');
    expect(w.checks[0]).toMatch(/^\d{6}$/);
    expect(w.stats.snapshot(0)).toMatchObject({ wrongCodes: 1, approved: 1 });
  });

  it('gives up at the window when no code lands', async () => {
    const w = world();
    await runUser(USER, w.deps);
    expect(w.calls.filter((c) => c === 'messages')).toHaveLength(300);
    expect(w.stats.snapshot(0)).toMatchObject({ created: 1, noCode: 1, approved: 0 });
  });

  it('a fraudulent user reads the code and never enters it', async () => {
    const w = world({ landsAfterMs: 0 });
    await runUser({ ...USER, fraudulent: true }, w.deps);
    expect(w.checks).toEqual([]);
    expect(w.stats.snapshot(0)).toMatchObject({ abandoned: 1 });
  });

  it('counts a refusal by its problem code and a pumping request only asks', async () => {
    const w = world({ create: { ok: false, status: 429, code: 'pumping_suspected' } });
    await runUser({ kind: 'pumping', to: '+2348031234567' }, w.deps);
    expect(w.calls).toEqual(['create']);
    expect(w.stats.snapshot(0)).toMatchObject({ pumpingSent: 1, created: 0, refused: { pumping_suspected: 1 } });
  });

  it('ends silently when aborted, and counts other failures as errors', async () => {
    const w = world({ landsAfterMs: 0 });
    w.abort.abort();
    await runUser(USER, {
      ...w.deps,
      client: { ...w.deps.client, create: () => Promise.reject(new Error('aborted')) },
    });
    expect(w.stats.snapshot(0).errors).toBe(0);
    const v = world();
    await runUser(USER, {
      ...v.deps,
      client: { ...v.deps.client, create: () => Promise.reject(new Error('ECONNRESET')) },
    });
    expect(v.stats.snapshot(0).errors).toBe(1);
  });
});

describe('codeIn / wrongCodeFor', () => {
  it('reads the code and makes a different one of the same length', () => {
    expect(codeIn('Your verification code is 000123. Do not share it.')).toBe('000123');
    expect(codeIn('no code')).toBeUndefined();
    for (const u of [0, 0.5, 0.999999]) {
      const w = wrongCodeFor('999999', () => u);
      expect(w).toMatch(/^\d{6}$/);
      expect(w).not.toBe('999999');
    }
  });
});
