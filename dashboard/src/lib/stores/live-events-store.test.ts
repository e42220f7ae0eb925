import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import type { LiveEvent } from '../api/api-types.js';
import { fakeFetch, problem } from '../test-support/fake-fetch.js';
import { LiveEventsStore } from './live-events-store.svelte.js';

/** A streaming response whose chunks the test pushes. */
function stream(): { response: Response; push: (s: string) => void; end: () => void } {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push: (s) => ctrl.enqueue(enc.encode(s)),
    end: () => ctrl.close(),
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

function manualTimers(): { timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>; delays: number[]; fire: () => void } {
  const pending: (() => void)[] = [];
  const delays: number[] = [];
  return {
    delays,
    fire: () => pending.shift()?.(),
    timers: {
      setTimeout: ((fn: () => void, ms: number) => {
        pending.push(fn);
        delays.push(ms);
        return pending.length;
      }) as unknown as typeof setTimeout,
      clearTimeout: (() => undefined) as typeof clearTimeout,
    },
  };
}

describe('LiveEventsStore', () => {
  it('connects with the bearer token, goes live and publishes parsed events newest first', async () => {
    const s = stream();
    const fetch = fakeFetch({ 'GET /v1/events': () => s.response });
    const store = new LiveEventsStore(new ApiClient({ fetch, key: () => 'k' }));
    const seen: LiveEvent[] = [];
    store.subscribe((e) => seen.push(e));
    const stop = store.connect();
    expect(store.state).toBe('connecting');
    await tick();
    expect(store.state).toBe('live');
    expect(fetch.calls[0]?.headers).toMatchObject({ authorization: 'Bearer k', accept: 'text/event-stream' });
    s.push('event: decision\ndata: {"type":"decision","at":1,"data":{"provider":"a"}}\n\n: ping\n\n');
    s.push('event: breaker\ndata: {"type":"breaker","at":2,"data":{"state":"open"}}\n\n');
    await tick();
    expect(store.events.map((e) => e.type)).toEqual(['breaker', 'decision']);
    expect(seen.map((e) => e.data)).toEqual([{ provider: 'a' }, { state: 'open' }]);
    expect(store.received).toBe(2);
    stop();
    expect(store.state).toBe('idle');
  });

  it('reconnects with backoff and Last-Event-ID after the stream ends', async () => {
    const first = stream();
    const second = stream();
    const responses = [first.response, second.response];
    const fetch = fakeFetch({ 'GET /v1/events': () => responses.shift() as Response });
    const t = manualTimers();
    const store = new LiveEventsStore(new ApiClient({ fetch, key: () => 'k' }), { random: () => 0, timers: t.timers });
    const stop = store.connect();
    await tick();
    first.push('id: 41\nevent: outcome\ndata: {"type":"outcome","at":1,"data":{}}\n\n');
    first.end();
    await tick();
    expect([store.state, store.lastError, t.delays]).toEqual(['reconnecting', 'stream ended by the server', [500]]);
    t.fire();
    await tick();
    expect(store.state).toBe('live');
    expect(fetch.calls[1]?.headers['last-event-id']).toBe('41');
    stop();
  });

  it('backs off further on repeated server errors and shows the problem', async () => {
    const fetch = fakeFetch({ 'GET /v1/events': () => problem(503, 'unavailable', 'too many subscribers') });
    const t = manualTimers();
    const store = new LiveEventsStore(new ApiClient({ fetch, key: () => 'k' }), { random: () => 0, timers: t.timers });
    const stop = store.connect();
    await tick();
    t.fire();
    await tick();
    expect(t.delays).toEqual([500, 1000]);
    expect(store.state).toBe('reconnecting');
    expect(store.lastError).toBe('503 unavailable — too many subscribers (request req-1)');
    stop();
  });

  it('stops with an error on 401 instead of retrying', async () => {
    const fetch = fakeFetch({ 'GET /v1/events': () => problem(401, 'unauthorized', 'missing or invalid credentials') });
    const t = manualTimers();
    const store = new LiveEventsStore(new ApiClient({ fetch, key: () => 'bad' }), { timers: t.timers });
    store.connect();
    await tick();
    expect([store.state, t.delays.length]).toEqual(['error', 0]);
    expect(store.lastError).toContain('401 unauthorized');
  });

  it('keeps at most maxEvents and reports unreadable data', async () => {
    const s = stream();
    const store = new LiveEventsStore(new ApiClient({ fetch: fakeFetch({ 'GET /v1/events': () => s.response }), key: () => 'k' }), { maxEvents: 2 });
    const stop = store.connect();
    await tick();
    for (const n of [1, 2, 3]) s.push(`event: outcome\ndata: {"type":"outcome","at":${n},"data":{}}\n\n`);
    s.push('event: outcome\ndata: not json\n\n');
    await tick();
    expect(store.events.map((e) => e.at)).toEqual([3, 2]);
    expect(store.lastError).toBe('unreadable outcome event: not json');
    stop();
  });
});
