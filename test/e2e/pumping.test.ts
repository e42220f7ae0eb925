import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import { createPumpingSequence } from '../../server/demo/pumping-sequence.js';
import { numbers, startE2eServer, waitForCode, type E2eServer } from './e2e-server.js';

let server: E2eServer;

// Only Date is faked (the server's clock), and it runs on with real time: the test jumps it forward.
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.stop();
  vi.useRealTimers();
});

describe('SMS-pumping guard', () => {
  // Approvals feed the per-prefix conversion baseline (createApp wires the driver's onApproved).
  it('refuses a run of consecutive numbers that never convert while normal traffic converts', async () => {
    const next = numbers('DE', 61);
    const people = Array.from({ length: 24 }, next);
    const ids: string[] = [];
    for (const to of people)
      ids.push((await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } })).json.id as string);
    vi.setSystemTime(Date.now() + 20_000);
    const landed = await Promise.allSettled(people.map((to) => waitForCode(server, to, { timeoutMs: 1_000 })));
    let approved = 0;
    for (const [i, r] of landed.entries()) {
      if (r.status !== 'fulfilled') continue;
      const res = await server.call('POST', `/v1/verifications/${ids[i]}/checks`, { body: { code: r.value.code } });
      if (res.json.status === 'approved') approved++;
    }
    expect(approved).toBeGreaterThanOrEqual(20);
    const pump = createPumpingSequence('NG', mulberry32(3), DEFAULT_WORLD);
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await server.call('POST', '/v1/verifications', { body: { to: pump(), action: 'signup' } });
      codes.push(res.status === 201 ? 'created' : String(res.json.code));
    }
    // minSends = 20: the 21st send into the prefix with no conversion is refused.
    expect(codes.slice(0, 20).every((c) => c === 'created')).toBe(true);
    expect(codes.slice(20).every((c) => c === 'pumping_suspected')).toBe(true);
  });
});
