import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchmarkReports } from '../../server/schemas/ops-schemas.js';
import { startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'routewise-api-'));
  dirs.push(d);
  return d;
};

/** Every `METHOD path` Express routes, paths in OpenAPI template form. */
function expressRoutes(app: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const out: string[] = [];
  const walk = (stack: readonly Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(out)].sort();
}

describe('health, readiness, metrics', () => {
  it('/healthz is open; /readyz is 200 while the database answers and 503 once it is closed', async () => {
    t = await startTestApp();
    expect(await t.json('/healthz', { key: null })).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await t.json('/readyz', { key: null })).toEqual({ status: 200, body: { status: 'ready' } });
    t.database.close();
    const res = await t.json<{ code: string }>('/readyz', { key: null });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('not_ready');
  });

  it('/metrics needs the admin key and exposes the counters', async () => {
    t = await startTestApp();
    const v = await t.createVerification();
    const msg = t.sent.at(-1);
    await t.postReceipt(msg?.provider ?? '', {
      providerMessageId: msg?.providerMessageId,
      status: 'delivered',
      occurredAt: t.now(),
    });
    await t.json(`/v1/verifications/${v.id}/checks`, {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({ code: '000000' === msg?.code ? '111111' : '000000' }),
    });
    await t.json(`/v1/verifications/${v.id}/checks`, {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({ code: msg?.code }),
    });
    expect((await t.call('/metrics', { key: null })).status).toBe(401);
    expect((await t.call('/metrics', { key: TENANT_KEY })).status).toBe(403);
    const res = await t.call('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('routewise_verifications_created_total{country="DE",route_class="standard"} 1');
    expect(text).toContain('routewise_verifications_finished_total{status="approved"} 1');
    expect(text).toContain(`routewise_attempts_settled_total{provider="${msg?.provider}",outcome="completed"} 1`);
    expect(text).toContain('routewise_checks_total{result="pending"} 1');
    expect(text).toContain('routewise_checks_total{result="approved"} 1');
    expect(text).toContain(`routewise_receipts_total{provider="${msg?.provider}",result="applied"} 1`);
    expect(text).toContain(`routewise_policy_decisions_total{provider="${msg?.provider}",country="DE"} 1`);
    expect(text).toContain(`routewise_breaker_state{segment="DE:262-01:standard",provider="${msg?.provider}"} 0`);
    expect(text).toMatch(
      /routewise_http_request_duration_seconds_count\{method="POST",route="\/v1\/verifications",status="201"\} 1/,
    );
    expect(text).not.toContain(v.id);
  });
});

describe('auth scopes on the admin API', () => {
  const adminGets = [
    '/v1/routing/segments',
    '/v1/routing/completion-model',
    '/v1/routing/recent',
    '/v1/analytics/summary',
    '/v1/analytics/timeseries',
    '/v1/export/decisions',
    '/v1/config/reward',
    '/v1/config/routing',
    '/v1/benchmarks/latest',
    '/v1/events',
  ];
  it.each(adminGets)('GET %s: 401 without a key, 401 with a wrong key, 403 with a tenant key', async (path) => {
    t = await startTestApp();
    const none = await t.json<{ code: string }>(path, { key: null });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    expect((await t.json(path, { key: 'rw_admin_wrong_0123456789abcdefghij' })).status).toBe(401);
    const tenant = await t.json<{ code: string }>(path, { key: TENANT_KEY });
    expect(tenant).toMatchObject({ status: 403, body: { code: 'admin_key_required' } });
  });
});

describe('GET /v1/events (SSE)', () => {
  it('streams a decision event to an admin, then cleans up on close', async () => {
    t = await startTestApp();
    const abort = new AbortController();
    const res = await t.call('/v1/events', { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(t.app.events.subscribers).toBe(3); // metrics, recorder, this stream
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    await t.createVerification();
    let text = '';
    while (!text.includes('event: decision')) text += (await reader.read()).value ?? '';
    const block = text.slice(text.indexOf('event: decision')).split('\n\n')[0] ?? '';
    const data = JSON.parse(
      block
        .split('\n')
        .find((l) => l.startsWith('data: '))
        ?.slice(6) ?? '{}',
    ) as { type: string; at: string; data: Record<string, unknown> };
    expect(data.type).toBe('decision');
    expect(data.at).toBe(new Date(t.now()).toISOString());
    expect(data.data).toMatchObject({ segment: 'DE:262-01:standard' });
    expect(Object.keys(data.data)).not.toContain('to');
    abort.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.app.events.subscribers).toBe(2);
  });

  it('replays the events a reconnecting stream missed after its Last-Event-ID, in order, before live ones', async () => {
    const app = await startTestApp();
    t = app;
    const open = async (lastEventId?: string) => {
      const abort = new AbortController();
      const res = await app.call('/v1/events', {
        signal: abort.signal,
        ...(lastEventId ? { headers: { 'Last-Event-ID': lastEventId } } : {}),
      });
      const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const ids = () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      return {
        async first(wanted: number): Promise<number[]> {
          while (ids().length < wanted) text += (await reader.read()).value ?? '';
          return ids().slice(0, wanted);
        },
        close: () => abort.abort(),
      };
    };
    // The dashboard's stream sees one decision, then drops; two more verifications happen meanwhile.
    const first = await open();
    await app.createVerification();
    const [seen] = await first.first(1);
    first.close();
    await new Promise((r) => setTimeout(r, 20));
    await app.createVerification();
    await app.createVerification();
    const missed = app.app.events.since(seen ?? 0).map((e) => e.id);
    expect(missed).toEqual([(seen ?? 0) + 1, (seen ?? 0) + 2]); // consecutive ids: a decision per create
    const again = await open(String(seen));
    expect(await again.first(2)).toEqual(missed);
    // Then live ones follow, numbered on.
    await app.createVerification();
    expect(await again.first(3)).toEqual([...missed, (seen ?? 0) + 3]);
    again.close();
    // An id newer than any here (the stream predates a restart): everything kept is new to it.
    const restarted = await open('999999');
    expect(await restarted.first(3)).toEqual(
      app.app.events
        .since(0)
        .map((e) => e.id)
        .slice(0, 3),
    );
    restarted.close();
  });

  it('sends heartbeats and answers 503 once the subscriber limit is reached', async () => {
    t = await startTestApp({ sseHeartbeatMs: 20 });
    const streams: AbortController[] = [];
    const open = async () => {
      const abort = new AbortController();
      streams.push(abort);
      return t?.call('/v1/events', { signal: abort.signal });
    };
    const first = await open();
    const reader = (first?.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': heartbeat')) text += (await reader.read()).value ?? '';
    while (t.app.events.subscribers < t.app.events.maxSubscribers) await open();
    const refused = await t.json<{ code: string }>('/v1/events');
    expect(refused).toMatchObject({ status: 503, body: { code: 'too_many_subscribers' } });
    for (const s of streams) s.abort();
  });
});

describe('documentation', () => {
  it('/openapi.json documents every Express route, and /docs is a self-contained page', async () => {
    t = await startTestApp();
    const doc = (await t.json<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json', { key: null })).body;
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(expressRoutes(t.app.app));
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /v1/receipts/{provider}',
        'GET /metrics',
        'PUT /v1/config/routing',
        'GET /v1/events',
      ]),
    );
    const page = await t.call('/docs', { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("fetch('/openapi.json')");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});

describe('dashboard and benchmark files', () => {
  it('serves the built dashboard with an SPA fallback, while API paths keep their problems', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dash</title>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    t = await startTestApp({ dashboardDir: dir });
    const root = await t.call('/', { key: null });
    expect(await root.text()).toContain('<title>dash</title>');
    expect((await t.call('/segments/DE', { key: null, headers: { Accept: 'text/html' } })).status).toBe(200);
    const asset = await t.call('/assets/app-1a2b.js', { key: null });
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/v1/nope', '/metrics/x', '/docs/x', '/healthz/x']) {
      const res = await t.call(path, { key: null, headers: { Accept: 'text/html' } });
      expect(res.headers.get('content-type'), path).toMatch(/problem\+json/);
    }
  });

  it('lists the benchmark reports newest first and serves whitelisted SVGs only', async () => {
    const dir = tempDir();
    for (const [name, at] of [
      ['steady-state', '2025-06-01T00:00:00.000Z'],
      ['regional-outage', '2025-06-02T00:00:00.000Z'],
    ] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'report.md'), `# ${name}\n`);
      writeFileSync(join(dir, name, 'results.json'), JSON.stringify({ generatedAt: at, gitCommit: 'abc123' }));
      writeFileSync(join(dir, name, 'completion-over-time.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    }
    writeFileSync(join(dir, 'secret.svg'), '<svg/>');
    t = await startTestApp({ benchmarksDir: dir });
    const latest = BenchmarkReports.parse((await t.json('/v1/benchmarks/latest')).body);
    expect(latest.reports.map((r) => [r.scenario, r.commit, r.charts])).toEqual([
      ['regional-outage', 'abc123', ['completion-over-time.svg']],
      ['steady-state', 'abc123', ['completion-over-time.svg']],
    ]);
    const svg = await t.call('/v1/benchmarks/files/steady-state/completion-over-time.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    expect((await t.call('/v1/benchmarks/files/steady-state/missing.svg')).status).toBe(404);
    for (const bad of [
      '/v1/benchmarks/files/steady-state/report.md',
      '/v1/benchmarks/files/..%2F..%2Fetc/passwd.svg',
      '/v1/benchmarks/files/steady-state/..%2Fsecret.svg',
      '/v1/benchmarks/files/Steady/x.svg',
    ]) {
      expect([404, 422], bad).toContain((await t.call(bad)).status);
    }
    expect((await t.call('/v1/benchmarks/files/steady-state/..%2F..%2Fsecret.svg')).status).toBe(422);
  });
});
