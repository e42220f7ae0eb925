import type { Action, RouteClass } from '../../engine/types.js';

export interface CreateRequest {
  readonly to: string;
  readonly action: Action;
  readonly routeClass: RouteClass;
  readonly fraudScore: number;
}

export type CreateResult =
  | { readonly ok: true; readonly id: string; readonly createdAt: number; readonly expiresAt: number }
  | { readonly ok: false; readonly status: number; readonly code: string };

export interface SandboxMessage {
  readonly body: string;
  readonly deliveredAt: number;
}

/** The three calls a simulated user makes. Every call rejects with the signal's reason when aborted. */
export interface DemoClient {
  create(body: CreateRequest, signal: AbortSignal): Promise<CreateResult>;
  /** Landed messages, newest first. */
  messages(to: string, signal: AbortSignal): Promise<readonly SandboxMessage[]>;
  /** The check's `status`. */
  check(id: string, code: string, signal: AbortSignal): Promise<string>;
}

/** Thrown for a response the demo does not expect (counted as an error, never retried). */
export class DemoHttpError extends Error {}

/**
 * {@link DemoClient} over the server's own HTTP API, authenticated with a tenant key.
 * Every request is bounded by `timeoutMs` as well as by the caller's signal.
 */
export function createHttpDemoClient(baseUrl: string, apiKey: string, timeoutMs: number): DemoClient {
  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    return { status: res.status, json: await res.json().catch(() => undefined) };
  };
  const expectOk = (r: { status: number; json: unknown }, what: string): Record<string, unknown> => {
    if (r.status !== 200 || typeof r.json !== 'object' || r.json === null)
      throw new DemoHttpError(`${what}: HTTP ${r.status}`);
    return r.json as Record<string, unknown>;
  };
  return {
    async create(body, signal) {
      const r = await call('POST', '/v1/verifications', body, signal);
      const json = (r.json ?? {}) as Record<string, unknown>;
      if (r.status === 201) {
        return {
          ok: true,
          id: String(json.id),
          createdAt: Date.parse(String(json.createdAt)),
          expiresAt: Date.parse(String(json.expiresAt)),
        };
      }
      if (r.status >= 500 && r.status !== 503) throw new DemoHttpError(`create: HTTP ${r.status}`);
      return { ok: false, status: r.status, code: typeof json.code === 'string' ? json.code : `http_${r.status}` };
    },
    async messages(to, signal) {
      const json = expectOk(
        await call('GET', `/v1/sandbox/messages?to=${encodeURIComponent(to)}`, undefined, signal),
        'sandbox',
      );
      const list = Array.isArray(json.messages) ? (json.messages as { body?: unknown; deliveredAt?: unknown }[]) : [];
      return list.map((m) => ({ body: String(m.body), deliveredAt: Date.parse(String(m.deliveredAt)) }));
    },
    async check(id, code, signal) {
      const json = expectOk(
        await call('POST', `/v1/verifications/${encodeURIComponent(id)}/checks`, { code }, signal),
        'check',
      );
      return String(json.status);
    },
  };
}
