import type { FetchLike } from '../api/api-client.js';

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

type Handler = (call: RecordedCall) => Response | Promise<Response>;

/** JSON response helper. */
export function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

/** RFC 9457 problem response helper. */
export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { type: `https://routewise.dev/problems/${code}`, title: code, status, code, detail, requestId: 'req-1', ...extra }, 'application/problem+json');
}

/**
 * A fake `fetch` for store unit tests: routes by "METHOD path-without-query" (or a function),
 * records every call, and answers 404 problems for anything unrouted.
 */
export function fakeFetch(routes: Record<string, Handler>): FetchLike & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fn = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const method = init.method ?? 'GET';
    const call: RecordedCall = { url: input, method, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    calls.push(call);
    const handler = routes[`${method} ${input.split('?')[0]}`];
    if (!handler) return problem(404, 'not_found', `no route for ${method} ${input}`);
    return handler(call);
  };
  return Object.assign(fn, { calls });
}

/** In-memory sessionStorage stand-in. */
export function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}
