import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
describe('an expired verification', () => {
  it('answers a wrong code exactly like an unknown id, and tells expired only to the right code', async () => {
    const to = numbers('DE', 41)();
    const created = await server.call('POST', '/v1/verifications', {
      body: { to, action: 'login', windowSeconds: 30 },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    vi.setSystemTime(Date.now() + 10_000);
    const { code } = await waitForCode(server, to);
    // The server's clock passes the 30 s window; the 20 ms sweep expires it.
    vi.setSystemTime(Date.now() + 30_000);
    await eventually(
      async () => (await server.call('GET', `/v1/verifications/${id}`)).json.status,
      (s) => s === 'expired',
    );
    const wrongCode = code === '000000' ? '000001' : '000000';
    const wrong = await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code: wrongCode } });
    const unknownId = 'vf_BBBBBBBBBBBBBBBBBBBBBB';
    const unknown = await server.call('POST', `/v1/verifications/${unknownId}/checks`, { body: { code: wrongCode } });
    expect(wrong.status).toBe(unknown.status);
    expect(wrong.json).toEqual({ id, status: 'pending' });
    expect(unknown.json).toEqual({ id: unknownId, status: 'pending' });
    expect(wrong.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    const right = await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } });
    expect(right.json).toEqual({ id, status: 'expired' });
    expect((await server.call('GET', `/v1/verifications/${id}`)).json.finishReason).toBeDefined();
  });
});
