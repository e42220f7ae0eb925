import type { ProviderId } from '../../engine/types.js';
import {
  PROVIDER_ERROR_CLASSES,
  type ProviderAdapter,
  type ProviderErrorClass,
  type SendRequest,
  type SendResult,
} from '../provider-adapter.js';

/** One HTTP provider speaking the routewise JSON wire format (providers/README.md, "HTTP providers"). */
export interface HttpProviderConfig {
  readonly id: ProviderId;
  /** Base URL; messages are POSTed to `${url}/messages`. http or https only. */
  readonly url: string;
  /** Whole-call timeout (connect, request, response body), ms. Range [50, 60000]. */
  readonly timeoutMs?: number;
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly token?: string;
}

/** Default whole-call timeout: well under the 5 s minimum attempt budget, so a hang fails over on time. */
export const DEFAULT_HTTP_PROVIDER_TIMEOUT_MS = 3_000;
/** A response larger than this is not a send answer; it is read no further. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

const RETRYABLE: ReadonlySet<ProviderErrorClass> = new Set(['throttled', 'provider_error', 'timeout']);

const rejected = (errorClass: ProviderErrorClass, detail: string): SendResult => ({
  status: 'rejected',
  errorClass,
  retryable: RETRYABLE.has(errorClass),
  detail,
});

/**
 * Ports the Fetch standard blocks (https://fetch.spec.whatwg.org/#port-blocking): Node's fetch
 * fails on them before connecting. Checked against Node's own fetch in the tests.
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** @throws TypeError | RangeError naming the field */
export function validateHttpProviderConfig(config: HttpProviderConfig): HttpProviderConfig {
  if (typeof config.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(config.id)) {
    throw new TypeError(`id must match ^[a-z0-9][a-z0-9-]{0,63}$, got ${JSON.stringify(config.id)}`);
  }
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new TypeError(`url of provider "${config.id}" must be an absolute URL, got ${JSON.stringify(config.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`url of provider "${config.id}" must be http or https, got ${url.protocol}`);
  }
  if (url.port !== '' && FETCH_BAD_PORTS.has(Number(url.port))) {
    throw new TypeError(
      `url of provider "${config.id}" uses port ${url.port}, which fetch refuses to connect to (a "bad port" of the Fetch standard): every send would fail`,
    );
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_HTTP_PROVIDER_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 60_000) {
    throw new RangeError(
      `timeoutMs of provider "${config.id}" must be an integer in [50, 60000], got ${String(config.timeoutMs)}`,
    );
  }
  if (config.token !== undefined && (typeof config.token !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(config.token))) {
    throw new TypeError(`token of provider "${config.id}" must be 1-512 visible ASCII characters`);
  }
  return Object.freeze({ ...config, url: url.href.replace(/\/$/, ''), timeoutMs });
}

/** The provider's error class from a JSON error body, when it names one of ours. */
function errorClassOf(body: unknown): ProviderErrorClass | undefined {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return (PROVIDER_ERROR_CLASSES as readonly unknown[]).includes(code) ? (code as ProviderErrorClass) : undefined;
}

/**
 * Maps an HTTP answer to a {@link SendResult}:
 * 2xx with `{ messageId, cost }` -> accepted; 2xx carrying `error` -> its class (default
 * `provider_error`); 2xx that is not that JSON (HTML, truncated) -> `bad_response`; 429 ->
 * `throttled`; other 4xx -> the body's class, else `provider_error` (not retryable);
 * 5xx -> `provider_error` (retryable), whatever the body says.
 */
export function interpretResponse(status: number, contentType: string, text: string): SendResult {
  let body: unknown;
  let parsed = false;
  if (/^application\/(.+\+)?json\b/i.test(contentType)) {
    try {
      body = JSON.parse(text);
      parsed = typeof body === 'object' && body !== null;
    } catch {
      parsed = false;
    }
  }
  if (status >= 500) return rejected('provider_error', `HTTP ${status}`);
  if (status === 429) return rejected('throttled', 'HTTP 429');
  if (status >= 400) {
    const cls = parsed ? errorClassOf(body) : undefined;
    return cls
      ? rejected(cls, `HTTP ${status}`)
      : { status: 'rejected', errorClass: 'provider_error', retryable: false, detail: `HTTP ${status}` };
  }
  if (status < 200 || status >= 300) return rejected('bad_response', `unexpected HTTP ${status}`);
  if (!parsed) return rejected('bad_response', 'HTTP 2xx without a JSON object body');
  const b = body as { error?: unknown; messageId?: unknown; cost?: unknown };
  if (b.error !== undefined && b.error !== null)
    return rejected(errorClassOf(body) ?? 'provider_error', 'HTTP 2xx carrying an error');
  if (typeof b.messageId !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(b.messageId))
    return rejected('bad_response', 'missing or malformed messageId');
  const cost = b.cost ?? 0;
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) return rejected('bad_response', 'malformed cost');
  return { status: 'accepted', providerMessageId: b.messageId, cost };
}

/** Network errors before any byte was sent are unambiguous: nothing went out. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw Object.assign(new Error('response too large'), { code: 'RW_TOO_LARGE' });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `GET /messages/{reference}`: the provider's record of a message whose send answer was lost, if it has one. */
async function reconcile(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<SendResult | undefined> {
  try {
    const response = await fetchImpl(url, {
      method: 'GET',
      headers: {
        accept: 'application/json',
        ...(headers.authorization ? { authorization: headers.authorization } : {}),
      },
      signal,
      redirect: 'error',
    });
    const text = await readLimited(response);
    if (response.status !== 200) return undefined;
    const result = interpretResponse(200, response.headers.get('content-type') ?? '', text);
    return result.status === 'accepted' ? result : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A {@link ProviderAdapter} over HTTP: `POST ${url}/messages` with a JSON body
 * `{ reference, to, country, operator, routeClass, body }` (`reference` = our attempt id, echoed in
 * receipts). Never throws: every failure resolves `rejected`. When the connection breaks after
 * the request may have reached the provider (reset), the adapter asks `GET /messages/{reference}`
 * and resolves `accepted` if the provider has the message; otherwise, and on abort or timeout,
 * it resolves `timeout` (retryable): the outcome is unknown, the message may still be delivered.
 * @throws TypeError | RangeError for an invalid config (at construction)
 */
export function createHttpProviderAdapter(
  config: HttpProviderConfig,
  fetchImpl: typeof fetch = fetch,
): ProviderAdapter {
  const valid = validateHttpProviderConfig(config);
  const endpoint = `${valid.url}/messages`;
  const timeoutMs = valid.timeoutMs ?? DEFAULT_HTTP_PROVIDER_TIMEOUT_MS;
  return {
    id: valid.id,
    async send(req: SendRequest, signal?: AbortSignal): Promise<SendResult> {
      if (signal?.aborted) return rejected('timeout', 'aborted before send');
      const deadline = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (valid.token) headers.authorization = `Bearer ${valid.token}`;
      const payload = {
        reference: req.attemptId,
        to: req.to,
        country: req.country,
        operator: req.operator,
        routeClass: req.routeClass,
        body: req.body,
      };
      try {
        const response = await fetchImpl(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify(payload),
          signal: combined,
          redirect: 'error',
        });
        const text = await readLimited(response).catch((err: unknown) => {
          if (combined.aborted) throw err;
          return undefined;
        });
        if (text === undefined) {
          // The status line arrived, the body did not: a 2xx may mean the message went out.
          return response.status >= 500
            ? rejected('provider_error', `HTTP ${response.status}, body cut`)
            : rejected('bad_response', `HTTP ${response.status}, body cut`);
        }
        return interpretResponse(response.status, response.headers.get('content-type') ?? '', text);
      } catch (err) {
        if (combined.aborted)
          return rejected('timeout', signal?.aborted ? 'aborted by caller' : `no answer within ${timeoutMs} ms`);
        const code = causeCode(err);
        if (code !== undefined && NOT_SENT.has(code)) return rejected('provider_error', `not sent: ${code}`);
        // The request may have reached the provider: ask it by our reference before calling the outcome unknown.
        return (
          (await reconcile(fetchImpl, `${endpoint}/${encodeURIComponent(req.attemptId)}`, headers, combined)) ??
          rejected('timeout', `outcome unknown: ${code ?? 'connection failed'}`)
        );
      }
    },
  };
}
