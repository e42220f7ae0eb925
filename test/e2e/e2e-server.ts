import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mulberry32 } from '../../engine/rng.js';
import type { ProviderAdapter } from '../../providers/provider-adapter.js';
import { randomNumber } from '../../providers/simulated/numbering.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startServer, type RunningServer } from '../../server/start-server.js';

export const TENANT_KEY = 'rw_live_e2e_tenant_key_0123456789abcdef';
export const ADMIN_KEY = 'rw_admin_e2e_admin_key_0123456789abcdef';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed body when it is JSON, else undefined. */
  readonly json: Record<string, unknown> & { [k: string]: unknown };
}

export interface ApiOptions {
  readonly body?: unknown;
  /** Sent as is (no JSON encoding). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly key?: string;
}

/** Calls `baseUrl + path` with the tenant key and JSON, and reads the whole answer. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiResponse> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${options.key ?? TENANT_KEY}`,
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let json: ApiResponse['json'];
  try {
    json = JSON.parse(text) as ApiResponse['json'];
  } catch {
    json = undefined as unknown as ApiResponse['json'];
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface E2eServer {
  readonly running: RunningServer;
  readonly url: string;
  readonly dbPath: string;
  readonly dir: string;
  call(method: string, path: string, options?: ApiOptions): Promise<ApiResponse>;
  /** Rows of a table (read through a separate read-only connection, as an operator would). */
  count(sql: string, ...params: unknown[]): number;
  stop(): Promise<void>;
}

/**
 * The real server (`startServer` over `loadConfig`) in this process, on a random loopback
 * port and a fresh temp SQLite file and key file; demo traffic off, quiet logs.
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dir = mkdtempSync(join(tmpdir(), 'routewise-e2e-'));
  const dbPath = join(dir, 'routewise.db');
  const config = loadConfig({
    PORT: '0',
    ROUTEWISE_DB: dbPath,
    ROUTEWISE_KEY_FILE: join(dir, 'keys.json'),
    ROUTEWISE_DEMO_API_KEY: TENANT_KEY,
    ROUTEWISE_ADMIN_KEY: ADMIN_KEY,
    ROUTEWISE_DEMO_TRAFFIC: '0',
    ROUTEWISE_LOG_LEVEL: 'silent',
    ROUTEWISE_TICK_MS: '20',
    ...env,
  });
  const running = await startServer(config, createLogger(config.logLevel));
  let reader: Database.Database | undefined;
  return {
    running,
    url: running.url,
    dbPath,
    dir,
    call: (method, path, options) => api(running.url, method, path, options),
    count(sql, ...params) {
      reader ??= new Database(dbPath, { readonly: true, fileMustExist: true });
      const row = reader.prepare(sql).get(...params) as Record<string, number>;
      return Number(Object.values(row)[0]);
    },
    async stop() {
      reader?.close();
      await running.shutdown('test');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls the sandbox inbox until a code lands for `to` (newest first) and returns it with its attempt id.
 * @throws Error after `timeoutMs`
 */
export async function waitForCode(
  server: { call: E2eServer['call'] },
  to: string,
  options: { timeoutMs?: number; attemptId?: string } = {},
): Promise<{ code: string; attemptId: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const res = await server.call('GET', `/v1/sandbox/messages?to=${encodeURIComponent(to)}`);
    const messages = (res.json?.messages ?? []) as { body: string; attemptId: string }[];
    const m = messages.find((x) => options.attemptId === undefined || x.attemptId === options.attemptId);
    const code = m && /\b(\d{6})\b/.exec(m.body)?.[1];
    if (m && code) return { code, attemptId: m.attemptId };
    if (Date.now() > deadline) throw new Error(`no code landed for ${to} within ${options.timeoutMs ?? 20_000} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `read` until `done` holds. @throws Error after `timeoutMs` */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Delays every provider's send answer by `ms`, to hold a request in flight. Reaches into the
 * driver's adapter map (a test seam the server does not expose). Returns the undo.
 */
export function slowDownSends(running: RunningServer, ms: number): () => void {
  const adapters = (running.app.driver as unknown as { deps: { adapters: Map<string, ProviderAdapter> } }).deps
    .adapters;
  const original = new Map(adapters);
  for (const [id, a] of original) {
    adapters.set(id, {
      id,
      send: (req, signal) => new Promise((r) => setTimeout(r, ms)).then(() => a.send(req, signal)),
    });
  }
  return () => {
    for (const [id, a] of original) adapters.set(id, a);
  };
}

/** A fresh, valid mobile number of `country` on each call (seeded, never repeated), so per-phone limits stay apart. */
export function numbers(country: string, seed = 1): () => string {
  const random = mulberry32(seed);
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const n = randomNumber(country, 'unknown', random);
      if (!seen.has(n)) {
        seen.add(n);
        return n;
      }
    }
  };
}
