import { ApiError, problemToError } from './api-error.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  readonly fetch: FetchLike;
  /** Current admin key, or undefined when none was entered. */
  readonly key: () => string | undefined;
  /** Called on 401 so the app can ask for the key again. */
  readonly onUnauthorized?: () => void;
}

/**
 * Same-origin JSON client for `/v1/...`: sends `Authorization: Bearer <admin key>`, parses
 * RFC 9457 problem responses into ApiError.
 */
export class ApiClient {
  readonly #opts: ApiClientOptions;

  constructor(opts: ApiClientOptions) {
    this.#opts = opts;
  }

  /** Headers for a request, with the bearer token when a key is set. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.#opts.key();
    return { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...extra };
  }

  get fetch(): FetchLike {
    return this.#opts.fetch;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, signal);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** @throws ApiError for network failures and every non-2xx response */
  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.#send(method, path, {
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (res.ok) throw new ApiError(res.status, 'invalid_response', `${method} ${path} returned a body that is not JSON`);
      }
    }
    if (!res.ok) this.#fail(res.status, parsed, method, path);
    return parsed as T;
  }

  /**
   * GETs a binary resource (e.g. an SVG chart, which an `<img src>` could not fetch with the
   * key) with the same errors as {@link request}.
   * @throws ApiError for network failures and every non-2xx response
   */
  async getBlob(path: string, accept: string): Promise<Blob> {
    const res = await this.#send('GET', path, { headers: this.headers({ Accept: accept }) });
    if (res.ok) return res.blob();
    let parsed: unknown;
    try {
      parsed = JSON.parse(await res.text());
    } catch {
      parsed = undefined;
    }
    return this.#fail(res.status, parsed, 'GET', path);
  }

  async #send(method: string, path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#opts.fetch(path, { method, ...init });
    } catch (err) {
      throw new ApiError(0, 'network_error', `${method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #fail(status: number, body: unknown, method: string, path: string): never {
    if (status === 401) this.#opts.onUnauthorized?.();
    throw problemToError(status, body, `${method} ${path} failed with HTTP ${status}`);
  }
}
