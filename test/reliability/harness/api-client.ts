import { TEST_API_KEY } from './test-server.js';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
}

export interface RequestOptions {
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
  /** Sent as is (no JSON encoding) when a string or Buffer. */
  readonly raw?: string | Buffer;
  readonly method?: string;
}

/** A small HTTP client for one server: JSON in, JSON out, bearer auth with the test tenant key by default. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key: string = TEST_API_KEY,
  ) {}

  async request(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? this.key : options.key;
    if (key !== null) headers.authorization ??= `Bearer ${key}`;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const method = options.method ?? (payload === undefined ? 'GET' : 'POST');
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  create(to: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.request('/v1/verifications', { to, action: 'login', ...extra }, { headers });
  }

  check(id: string, code: unknown): Promise<ApiResponse> {
    return this.request(`/v1/verifications/${id}/checks`, { code });
  }

  get(id: string): Promise<ApiResponse> {
    return this.request(`/v1/verifications/${id}`);
  }
}

/** The `id` of a created verification. @throws when the response is not a 201 with an id */
export function idOf(response: ApiResponse): string {
  const id = (response.body as { id?: unknown } | undefined)?.id;
  if (response.status !== 201 || typeof id !== 'string')
    throw new Error(`expected 201 with an id, got ${response.status} ${JSON.stringify(response.body)}`);
  return id;
}

const DE_MOBILE_RANGES = [
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '159',
  '160',
  '162',
  '163',
  '170',
  '171',
  '172',
  '173',
  '174',
  '175',
  '176',
  '177',
  '178',
  '179',
];

/**
 * The n-th of 2 x 10^9 distinct German mobile numbers (valid for libphonenumber), spread over
 * 200 pumping prefixes (range + next digit) so consecutive n never concentrate in one prefix.
 */
export function mobileNumber(n: number): string {
  const range = DE_MOBILE_RANGES[n % DE_MOBILE_RANGES.length] as string;
  const digit = Math.floor(n / DE_MOBILE_RANGES.length) % 10;
  const rest = String(Math.floor(n / (DE_MOBILE_RANGES.length * 10)) % 10_000_000).padStart(7, '0');
  return `+49${range}${digit}${rest}`;
}
