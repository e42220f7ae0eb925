import fc from 'fast-check';
import { mobileNumber } from './api-client.js';
import { TEST_ADMIN_KEY, TEST_API_KEY } from './test-server.js';

/** One generated HTTP request. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface FuzzTally {
  cases: number;
  /** Responses by status code. */
  readonly byStatus: Record<number, number>;
  /** Requests the server answered with a 5xx, kept for the report (goal: none). */
  readonly fiveXx: FuzzRequest[];
  /** Requests whose connection failed (no HTTP answer at all). */
  readonly transportErrors: FuzzRequest[];
}

const printable = (max: number) =>
  fc.string({
    unit: fc.constantFrom(
      ...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
    ),
    maxLength: max,
  });
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isAdmin'];

/** Values of the right name and the wrong type/range, or right, so validation paths are all reached. */
const fieldValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom('NaN', '1e309', '-1', '0.5', '', '\u0000', '１２３４５６', ' 123456', '123456'),
  printable(30),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^\d{6}$/),
  fc.integer({ min: 0, max: 1e6 }).map(mobileNumber),
  fc.constantFrom('login', 'signup', 'premium', 'standard', '262-01', '+4930123456', '+499001234567'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(printable(8), fc.integer(), { maxKeys: 3 }),
);

const objectText = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'to',
          'action',
          'fraudScore',
          'routeClass',
          'windowSeconds',
          'operator',
          'code',
          'providerMessageId',
          'status',
          'occurredAt',
        ),
        fc.constantFrom(...DANGEROUS_KEYS),
        printable(10),
      ),
      fieldValue,
    ),
    { maxLength: 7 },
  )
  // Written by hand so `__proto__` stays an own key of the JSON text (an object literal would swallow it).
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);

/** A valid create body, sometimes with one extra or mistyped field. */
const nearlyValidCreate = fc
  .record({
    to: fc.integer({ min: 0, max: 1e8 }).map(mobileNumber),
    action: fc.constantFrom('login', 'signup', 'password_reset', 'transaction'),
    extra: fc.option(
      fc.tuple(
        fc.constantFrom('fraudScore', 'routeClass', 'windowSeconds', 'operator', '__proto__', 'code'),
        fieldValue,
      ),
      { nil: undefined },
    ),
  })
  .map(
    ({ to, action, extra }) =>
      `{"to":${JSON.stringify(to)},"action":"${action}"${extra ? `,${JSON.stringify(extra[0])}:${JSON.stringify(extra[1]) ?? 'null'}` : ''}}`,
  );

const bodyText: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 5, arbitrary: objectText },
  { weight: 2, arbitrary: nearlyValidCreate },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: objectText.chain((t) => fc.nat({ max: Math.max(0, t.length - 1) }).map((n) => t.slice(0, n))),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const idLike = fc.oneof(
  fc.constantFrom('vf_0000000000000', 'vf_unknownunknown', '..', '%2e%2e', 'vf_%00', '__proto__'),
  printable(20).map(encodeURIComponent),
);

const path = fc.oneof(
  { weight: 5, arbitrary: fc.constant('/v1/verifications') },
  { weight: 4, arbitrary: idLike.map((id) => `/v1/verifications/${id}/checks`) },
  { weight: 2, arbitrary: idLike.map((id) => `/v1/verifications/${id}`) },
  { weight: 1, arbitrary: idLike.map((id) => `/v1/verifications/${id}/cancel`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('/v1/receipts/fake-a', '/v1/receipts/nope', '/v1/receipts/%00', '/v1/receipts/'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/openapi.json',
      '/v1/sandbox/messages?to=%2B49',
      '/v1',
      '/',
      '/v1/verifications?x=1&x=2',
    ),
  },
  { weight: 1, arbitrary: fc.webPath() },
);

const optionalHeader = (name: string, values: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> =>
  fc.option(values, { nil: undefined }).map((v) => (v === undefined ? {} : { [name]: v }));

/** Mostly right (so requests get past the edge into validation and the service), sometimes wrong or absent. */
const mostly = (name: string, right: string, wrong: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant({ [name]: right }) },
    { weight: 1, arbitrary: wrong.map((v) => ({ [name]: v })) },
    { weight: 1, arbitrary: fc.constant({}) },
  );

const headers = fc
  .tuple(
    mostly(
      'content-type',
      'application/json',
      fc.oneof(
        fc.constantFrom(
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/problem+json',
          'multipart/form-data; boundary=x',
        ),
        printable(30),
      ),
    ),
    mostly(
      'authorization',
      `Bearer ${TEST_API_KEY}`,
      fc.oneof(fc.constantFrom(`Bearer ${TEST_ADMIN_KEY}`, 'Bearer ', 'Basic dXNlcjpwYXNz'), printable(60)),
    ),
    optionalHeader('idempotency-key', printable(40)),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: optionalHeader(
          'content-encoding',
          fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
        ),
      },
    ),
    optionalHeader('x-forwarded-for', fc.oneof(fc.ipV4(), printable(20))),
    optionalHeader(
      'webhook-signature',
      fc.oneof(fc.constantFrom('v1,', 'v1,AAAA', 'v2,abc', 'v1,!!!!'), printable(60)),
    ),
    optionalHeader('webhook-timestamp', fc.oneof(fc.integer().map(String), printable(12))),
    optionalHeader('webhook-id', printable(20)),
  )
  .map((parts) => Object.assign({}, ...parts) as Record<string, string>);

/** Random requests against the whole API surface, mostly well-aimed at its validation paths. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    path,
    headers,
    body: bodyText,
  })
  .map((r) =>
    r.method === 'GET' || r.method === 'OPTIONS'
      ? { method: r.method, path: r.path, headers: r.headers }
      : r.body === undefined
        ? { method: r.method, path: r.path, headers: r.headers }
        : r,
  );

/** Sends one request and records its status in `tally`. */
export async function sendFuzz(baseUrl: string, req: FuzzRequest, tally: FuzzTally): Promise<number | undefined> {
  tally.cases++;
  try {
    const response = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
    if (response.status >= 500) tally.fiveXx.push(req);
    return response.status;
  } catch {
    tally.transportErrors.push(req);
    return undefined;
  }
}

export function newTally(): FuzzTally {
  return { cases: 0, byStatus: {}, fiveXx: [], transportErrors: [] };
}

/**
 * Runs `runs` batches of `batch` concurrent random requests (fast-check shrinks a failing
 * batch); the property is: no 5xx and no connection cut.
 */
export async function runFuzz(
  baseUrl: string,
  options: { runs: number; batch: number; seed: number },
  tally: FuzzTally = newTally(),
): Promise<FuzzTally> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fuzzRequest, { minLength: options.batch, maxLength: options.batch }),
      async (requests) => {
        const statuses = await Promise.all(requests.map((r) => sendFuzz(baseUrl, r, tally)));
        return statuses.every((s) => s !== undefined && s < 500);
      },
    ),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  return tally;
}
