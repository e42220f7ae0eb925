import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createHttpDemoClient, withDeadline } from './demo-client.js';

describe('withDeadline', () => {
  it('aborts on the parent, or after the deadline, and leaves nothing on the parent', async () => {
    const parent = new AbortController();
    for (let i = 0; i < 1_000; i++) await withDeadline(parent.signal, 1_000, async (s) => s.aborted);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);

    const timedOut = await withDeadline(
      parent.signal,
      5,
      (s) => new Promise<unknown>((r) => s.addEventListener('abort', () => r(s.reason))),
    );
    expect(timedOut).toMatchObject({ name: 'TimeoutError', message: 'no answer within 5 ms' });

    const pending = withDeadline(
      parent.signal,
      60_000,
      (s) => new Promise<unknown>((r) => s.addEventListener('abort', () => r(s.reason))),
    );
    parent.abort(new Error('demo stopped'));
    expect(await pending).toMatchObject({ message: 'demo stopped' });
    expect(await withDeadline(parent.signal, 60_000, async (s) => s.aborted)).toBe(true);
  });
});

describe('createHttpDemoClient', () => {
  it("bounds each request with its own signal, tied to the caller's", async () => {
    const seen: AbortSignal[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      seen.push(init.signal as AbortSignal);
      return new Response(JSON.stringify({ messages: [] }), { status: 200 });
    }) as typeof fetch;
    const client = createHttpDemoClient('http://127.0.0.1:1', 'rw_live_x', 1_000, fakeFetch);
    const caller = new AbortController();
    await client.messages('+4915112345678', caller.signal);
    await client.messages('+4915112345678', caller.signal);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(caller.signal);
    expect(seen[0]).not.toBe(seen[1]);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
