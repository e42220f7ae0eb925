import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import type { RewardBody } from '../api/api-types.js';
import { fakeFetch, json, memoryStorage, problem } from '../test-support/fake-fetch.js';
import { AnalyticsStore } from './analytics-store.svelte.js';
import { ADMIN_KEY_STORAGE, AuthStore } from './auth-store.svelte.js';
import { BenchmarksStore } from './benchmarks-store.svelte.js';
import { CompletionModelStore } from './completion-model-store.svelte.js';
import { ConfigStore } from './config-store.svelte.js';
import { DecisionsStore } from './decisions-store.svelte.js';
import { HistoryStore } from './history-store.svelte.js';
import { Loadable } from './loadable.svelte.js';
import { SegmentsStore } from './segments-store.svelte.js';
import { WhatIfStore } from './what-if-store.svelte.js';

const client = (fetch: ReturnType<typeof fakeFetch>): ApiClient => new ApiClient({ fetch, key: () => 'admin-key' });
const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('Loadable', () => {
  it('keeps the last good value beside a later error, and clears the error on success', async () => {
    const l = new Loadable<number>();
    await l.run(async () => 1);
    await l.run(async () => {
      throw new Error('down');
    });
    expect([l.value, l.error?.detail, l.loading]).toEqual([1, 'down', false]);
    await l.run(async () => 2);
    expect([l.value, l.error]).toEqual([2, undefined]);
  });

  it('drops an answer that arrives after a newer request started', async () => {
    const l = new Loadable<string>();
    let releaseOld!: (v: string) => void;
    const old = l.run(() => new Promise<string>((r) => (releaseOld = r)));
    await l.run(async () => 'new');
    releaseOld('old');
    await old;
    expect(l.value).toBe('new');
  });
});

describe('AuthStore', () => {
  it('reads the key from session storage and stores a trimmed new one', () => {
    const storage = memoryStorage({ [ADMIN_KEY_STORAGE]: 'saved' });
    const auth = new AuthStore(storage);
    expect([auth.key, auth.needsKey]).toEqual(['saved', false]);
    auth.setKey('  fresh  ');
    expect(storage.data.get(ADMIN_KEY_STORAGE)).toBe('fresh');
  });

  it('asks again after a 401 and forgets on clear', () => {
    const storage = memoryStorage();
    const auth = new AuthStore(storage);
    expect(auth.needsKey).toBe(true);
    auth.setKey('k');
    auth.markRejected();
    expect([auth.needsKey, auth.rejected]).toEqual([true, true]);
    auth.setKey('k2');
    expect(auth.needsKey).toBe(false);
    auth.clear();
    expect([auth.key, storage.data.size]).toEqual([undefined, 0]);
  });

  it('refuses an empty key', () => {
    expect(() => new AuthStore(undefined).setKey('   ')).toThrow(new TypeError('admin key must not be empty'));
  });
});

describe('SegmentsStore', () => {
  it('loads segments and shows a failure while keeping the old list', async () => {
    let fail = false;
    const fetch = fakeFetch({
      'GET /v1/routing/segments': () =>
        fail ? problem(503, 'not_ready', 'engine warming up') : json(200, { at: NOW, segments: [{ segment: 'DE:262-01:standard', country: 'DE', operator: '262-01', routeClass: 'standard', providers: [] }] }),
    });
    const s = new SegmentsStore(client(fetch));
    await s.load();
    expect(s.segments.map((x) => x.segment)).toEqual(['DE:262-01:standard']);
    fail = true;
    await s.load();
    expect([s.segments.length, s.error?.code, s.error?.status]).toEqual([1, 'not_ready', 503]);
  });
});

describe('CompletionModelStore', () => {
  it('loads the model and keeps it beside a later failure', async () => {
    let fail = false;
    const model = {
      at: NOW,
      halfLifeMs: 21_600_000,
      minSamples: 30,
      buckets: [{ fromMs: 0, toMs: 2000, attempts: 40, completionRate: 0.95 }],
      calibration: [{ country: 'DE', provider: 'sim-atlas', predicted: 38, completed: 38, ratio: 1 }],
    };
    const fetch = fakeFetch({
      'GET /v1/routing/completion-model': () => (fail ? problem(404, 'not_found', 'no completion model') : json(200, model)),
    });
    const s = new CompletionModelStore(client(fetch));
    await s.load();
    expect(s.model?.buckets[0]?.completionRate).toBe(0.95);
    fail = true;
    await s.load();
    expect([s.model?.calibration.length, s.error?.status, s.error?.detail]).toEqual([1, 404, 'no completion model']);
  });
});

describe('HistoryStore', () => {
  it('queries the segment over a window ending now', async () => {
    const fetch = fakeFetch({ 'GET /v1/routing/history': () => json(200, { segment: 'DE:262-01:standard', points: [], events: [] }) });
    const h = new HistoryStore(client(fetch), () => NOW);
    await h.load({ segment: 'DE:262-01:standard', windowMs: 3_600_000 });
    const url = new URL(fetch.calls[0]?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/v1/routing/history');
    expect(Object.fromEntries(url.searchParams)).toEqual({ segment: 'DE:262-01:standard', from: '2026-05-01T11:00:00.000Z', to: '2026-05-01T12:00:00.000Z' });
    expect(h.history?.segment).toBe('DE:262-01:standard');
  });

  it('refuses history of another segment than asked for', async () => {
    const fetch = fakeFetch({ 'GET /v1/routing/history': () => json(200, { segment: 'FR:208-01:standard', points: [], events: [] }) });
    const h = new HistoryStore(client(fetch), () => NOW);
    await h.load({ segment: 'DE:262-01:standard', windowMs: 1000 });
    expect(h.history).toBeUndefined();
    expect(h.error?.detail).toContain('FR:208-01:standard');
  });
});

describe('AnalyticsStore', () => {
  it('loads summary and time series for the same window and reports each failure separately', async () => {
    const fetch = fakeFetch({
      'GET /v1/analytics/summary': () => json(200, { from: '', to: '', groupBy: 'country', rows: [], totals: { verifications: 60 } }),
      'GET /v1/analytics/timeseries': () => problem(500, 'internal_error', 'boom'),
    });
    const a = new AnalyticsStore(client(fetch), () => NOW);
    await a.load({ windowMs: 600_000, groupBy: 'provider', bucketSeconds: 10 });
    const summary = new URL(fetch.calls.find((c) => c.url.includes('summary'))?.url ?? '', 'http://x');
    const series = new URL(fetch.calls.find((c) => c.url.includes('timeseries'))?.url ?? '', 'http://x');
    expect(summary.searchParams.get('groupBy')).toBe('provider');
    expect(summary.searchParams.get('from')).toBe('2026-05-01T11:50:00.000Z');
    expect(series.searchParams.get('bucket')).toBe('10');
    expect([a.summary?.totals.verifications, a.summaryError, a.seriesError?.code]).toEqual([60, undefined, 'internal_error']);
  });
});

describe('DecisionsStore', () => {
  it('lists recent verifications and opens one explanation by attempt id', async () => {
    const fetch = fakeFetch({
      'GET /v1/routing/recent': () => json(200, { verifications: [{ id: 'v1', createdAt: NOW, status: 'approved', segment: 's', attempts: [], transitions: [] }] }),
      'GET /v1/routing/decisions/a%2F1': () => json(200, { attemptId: 'a/1', explanation: { guards: [], excluded: [], candidates: [], summary: 'Chose x' } }),
    });
    const d = new DecisionsStore(client(fetch));
    await d.loadRecent(20);
    expect(fetch.calls[0]?.url).toBe('/v1/routing/recent?limit=20');
    expect(d.verifications.map((v) => v.id)).toEqual(['v1']);
    await d.open('a/1');
    expect(d.decision?.explanation?.summary).toBe('Chose x');
    d.close();
    expect([d.decision, d.openAttemptId]).toEqual([undefined, undefined]);
  });

  it('shows why an explanation could not be opened', async () => {
    const d = new DecisionsStore(client(fakeFetch({})));
    await d.open('missing');
    expect([d.decision, d.decisionError?.status]).toEqual([undefined, 404]);
  });
});

describe('ConfigStore', () => {
  const body: RewardBody = { weights: { completion: 0.6, latency: 0.2, cost: 0.2, referencePrice: 0.1, referencePrices: {} }, overrides: [] };

  it('takes the saved version from the PUT answer, even when a reload of the old version is in flight', async () => {
    let releaseGet!: () => void;
    const fetch = fakeFetch({
      'GET /v1/config/reward': () =>
        new Promise<Response>((r) => (releaseGet = () => r(json(200, { version: 'reward-1', createdAt: NOW, createdBy: 'system', body, history: [] })))),
      'PUT /v1/config/reward': (call) =>
        json(200, { version: 'reward-2', createdAt: NOW, createdBy: 'key_admin', body: call.body, history: [{ version: 'reward-2', createdAt: NOW, createdBy: 'key_admin' }] }),
    });
    const c = new ConfigStore<RewardBody>(client(fetch), '/v1/config/reward');
    const staleLoad = c.load();
    const weights = { ...body.weights, cost: 0.3 };
    await expect(c.save({ weights })).resolves.toBe(true);
    releaseGet();
    await staleLoad;
    expect([c.version, c.saved?.version, c.config?.body.weights.cost, c.history.length, c.saving]).toEqual(['reward-2', 'reward-2', 0.3, 1, false]);
    expect(fetch.calls.map((x) => x.method)).toEqual(['GET', 'PUT']);
  });

  it('reloads after a save whose answer has no body', async () => {
    let version = 'reward-1';
    const fetch = fakeFetch({
      'GET /v1/config/reward': () => json(200, { version, createdAt: NOW, createdBy: 'admin', body, history: [] }),
      'PUT /v1/config/reward': () => {
        version = 'reward-2';
        return json(200, { version });
      },
    });
    const c = new ConfigStore<RewardBody>(client(fetch), '/v1/config/reward');
    await c.save({ weights: body.weights });
    expect([c.version, c.saved?.version]).toEqual(['reward-2', 'reward-2']);
    expect(fetch.calls.map((x) => x.method)).toEqual(['PUT', 'GET']);
  });

  it('restores a stored version by POSTing to its restore path and takes the answer as the value', async () => {
    const fetch = fakeFetch({
      'POST /v1/config/reward/versions/reward-1/restore': () =>
        json(200, { version: 'reward-3', createdAt: NOW, createdBy: 'key_admin', body, history: [{ version: 'reward-3', createdAt: NOW, createdBy: 'key_admin' }] }),
    });
    const c = new ConfigStore<RewardBody>(client(fetch), '/v1/config/reward');
    await expect(c.restore('reward-1')).resolves.toBe(true);
    expect([c.version, c.saved?.version, c.saving]).toEqual(['reward-3', 'reward-3', false]);
    expect(fetch.calls.map((x) => [x.method, x.body])).toEqual([['POST', undefined]]);
  });

  it('keeps the reason of a refused restore', async () => {
    const fetch = fakeFetch({
      'POST /v1/config/routing/versions/routing-1/restore': () =>
        problem(422, 'validation_failed', 'countries.DE.0.provider: "gone" is not a configured provider'),
    });
    const c = new ConfigStore<RewardBody>(client(fetch), '/v1/config/routing');
    await expect(c.restore('routing-1')).resolves.toBe(false);
    expect([c.version, c.saveError?.status, c.saveError?.detail]).toEqual([undefined, 422, 'countries.DE.0.provider: "gone" is not a configured provider']);
  });

  it('keeps field issues of a rejected save and the current version', async () => {
    const fetch = fakeFetch({
      'GET /v1/config/reward': () => json(200, { version: 'reward-v1', createdAt: NOW, createdBy: 'admin', body, history: [] }),
      'PUT /v1/config/reward': () => problem(422, 'validation_failed', 'bad', { issues: [{ path: 'weights.completion', message: 'must be > 0' }] }),
    });
    const c = new ConfigStore<RewardBody>(client(fetch), '/v1/config/reward');
    await c.load();
    await expect(c.save({ weights: { ...body.weights, completion: 0 } })).resolves.toBe(false);
    expect([c.version, c.saveError?.issues]).toEqual(['reward-v1', [{ path: 'weights.completion', message: 'must be > 0' }]]);
    c.clearSaveError();
    expect(c.saveError).toBeUndefined();
  });
});

describe('WhatIfStore', () => {
  const w = { completion: 0.7, latency: 0.2, cost: 0.1, referencePrice: 0.1, referencePrices: {} };

  it('posts the weights and remembers which weights the result is for', async () => {
    const fetch = fakeFetch({ 'POST /v1/config/reward/what-if': () => json(200, { baseline: {}, proposed: {}, sampleSize: 10 }) });
    const s = new WhatIfStore(client(fetch));
    await s.run(w);
    expect(fetch.calls[0]?.body).toEqual({ weights: w });
    expect([s.isFor(w), s.isFor({ ...w, cost: 0.2 })]).toEqual([true, false]);
  });

  it('shows an unavailable what-if as an error', async () => {
    const s = new WhatIfStore(client(fakeFetch({})));
    await s.run(w);
    expect([s.result, s.error?.status, s.isFor(w)]).toEqual([undefined, 404, false]);
  });
});

describe('BenchmarksStore', () => {
  it('loads reports and reports a failed image fetch with the problem', async () => {
    const fetch = fakeFetch({
      'GET /v1/benchmarks/latest': () => json(200, { reports: [{ scenario: 'drift', markdown: '# x', generatedAt: '', commit: 'abc' }] }),
      'GET /v1/benchmarks/files/drift/a.svg': () => problem(404, 'not_found', 'no such file'),
    });
    const b = new BenchmarksStore(client(fetch));
    await b.load();
    expect(b.reports.map((r) => r.scenario)).toEqual(['drift']);
    await expect(b.imageUrl('/v1/benchmarks/files/drift/a.svg')).rejects.toMatchObject({ status: 404, detail: 'no such file' });
    expect(fetch.calls[1]?.headers.authorization).toBe('Bearer admin-key');
  });
});
