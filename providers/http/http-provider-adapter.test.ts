import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type FakeMode } from '../../test/reliability/fake-provider.js';
import type { SendRequest } from '../provider-adapter.js';
import {
  createHttpProviderAdapter,
  FETCH_BAD_PORTS,
  interpretResponse,
  validateHttpProviderConfig,
} from './http-provider-adapter.js';

const REQ: SendRequest = {
  attemptId: 'at_test1',
  to: '+4915112345678',
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  body: 'Your verification code is 123456.',
};

describe('createHttpProviderAdapter against the fake provider', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await FakeProvider.start({ id: 'fake', receiptDelayMs: null, cost: 0.02 });
  });
  afterAll(() => fake.close());

  it.each<[FakeMode, object]>([
    ['ok', { status: 'accepted', cost: 0.02 }],
    ['5xx', { status: 'rejected', errorClass: 'provider_error', retryable: true }],
    ['html', { status: 'rejected', errorClass: 'bad_response', retryable: false }],
    ['truncated', { status: 'rejected', errorClass: 'bad_response', retryable: false }],
    ['error200', { status: 'rejected', errorClass: 'provider_error', retryable: true }],
    ['invalid_number', { status: 'rejected', errorClass: 'invalid_number', retryable: false }],
  ])('mode %s -> %o', async (mode, expected) => {
    fake.mode = mode;
    const result = await createHttpProviderAdapter({ id: 'fake', url: fake.url }).send(REQ);
    expect(result).toMatchObject(expected);
  });

  it('a hanging provider resolves timeout after timeoutMs, never throws', async () => {
    fake.mode = 'hang';
    const t0 = performance.now();
    const result = await createHttpProviderAdapter({ id: 'fake', url: fake.url, timeoutMs: 150 }).send(REQ);
    expect(result).toMatchObject({ status: 'rejected', errorClass: 'timeout', retryable: true });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it("the caller's abort signal wins over a longer timeout", async () => {
    fake.mode = 'hang';
    const result = await createHttpProviderAdapter({ id: 'fake', url: fake.url, timeoutMs: 10_000 }).send(
      REQ,
      AbortSignal.timeout(100),
    );
    expect(result).toMatchObject({ errorClass: 'timeout', detail: 'aborted by caller' });
  });

  it('a reset after the provider took the message is reconciled by reference to accepted', async () => {
    fake.mode = 'reset';
    const before = fake.messages.length;
    const result = await createHttpProviderAdapter({ id: 'fake', url: fake.url }).send({
      ...REQ,
      attemptId: 'at_reset1',
    });
    expect(fake.messages.length).toBe(before + 1);
    expect(result).toEqual({ status: 'accepted', providerMessageId: fake.messages.at(-1)?.messageId, cost: 0.02 });
  });

  it('sends the wire format: reference, to, body and the bearer token', async () => {
    fake.mode = 'ok';
    await createHttpProviderAdapter({ id: 'fake', url: `${fake.url}/`, token: 'tok_123' }).send({
      ...REQ,
      attemptId: 'at_wire1',
    });
    expect(fake.messages.at(-1)).toMatchObject({ reference: 'at_wire1', to: REQ.to, body: REQ.body });
  });
});

describe('network failures', () => {
  it('connection refused: not sent, provider_error, retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const result = await createHttpProviderAdapter({ id: 'gone', url: `http://127.0.0.1:${port}` }).send(REQ);
    expect(result).toMatchObject({ status: 'rejected', errorClass: 'provider_error', retryable: true });
    expect((result as { detail: string }).detail).toMatch(/not sent/);
  });

  it('an already aborted signal sends nothing', async () => {
    let called = 0;
    const adapter = createHttpProviderAdapter({ id: 'x', url: 'http://127.0.0.1:40009' }, (() => {
      called++;
      throw new Error('unreachable');
    }) as unknown as typeof fetch);
    const result = await adapter.send(REQ, AbortSignal.abort());
    expect(result).toMatchObject({ errorClass: 'timeout', detail: 'aborted before send' });
    expect(called).toBe(0);
  });

  it('a thrown non-network error from fetch is an unknown outcome, not an exception', async () => {
    const adapter = createHttpProviderAdapter({ id: 'x', url: 'http://127.0.0.1:40009' }, (() =>
      Promise.reject(new Error('boom'))) as unknown as typeof fetch);
    await expect(adapter.send(REQ)).resolves.toMatchObject({ status: 'rejected', errorClass: 'timeout' });
  });
});

describe('interpretResponse', () => {
  it.each<[number, string, string, object]>([
    [
      200,
      'application/json',
      '{"messageId":"m1","cost":0.5}',
      { status: 'accepted', providerMessageId: 'm1', cost: 0.5 },
    ],
    [201, 'application/json; charset=utf-8', '{"messageId":"m1"}', { status: 'accepted', cost: 0 }],
    [200, 'application/json', '{"messageId":"m1","cost":-1}', { errorClass: 'bad_response' }],
    [200, 'application/json', '{"messageId":""}', { errorClass: 'bad_response' }],
    [200, 'application/json', '[]', { errorClass: 'bad_response' }],
    [200, 'application/json', 'null', { errorClass: 'bad_response' }],
    [200, 'text/plain', '{"messageId":"m1"}', { errorClass: 'bad_response' }],
    [
      200,
      'application/json',
      '{"error":{"code":"blocked"},"messageId":"m1"}',
      { errorClass: 'blocked', retryable: false },
    ],
    [429, 'application/json', '{}', { errorClass: 'throttled', retryable: true }],
    [404, 'application/json', '{"error":{"code":"unreachable"}}', { errorClass: 'unreachable', retryable: false }],
    [401, 'text/html', '<html>', { errorClass: 'provider_error', retryable: false }],
    [502, 'application/json', '{"error":{"code":"invalid_number"}}', { errorClass: 'provider_error', retryable: true }],
    [302, '', '', { errorClass: 'bad_response' }],
  ])('HTTP %i %s %s -> %o', (status, type, text, expected) => {
    expect(interpretResponse(status, type, text)).toMatchObject(expected);
  });
});

describe('validateHttpProviderConfig', () => {
  it.each<[object, ErrorConstructor, RegExp]>([
    [{ id: 'Bad Id', url: 'http://x' }, TypeError, /id must match/],
    [{ id: 'p', url: 'not a url' }, TypeError, /url of provider "p" must be an absolute URL/],
    [{ id: 'p', url: 'ftp://x' }, TypeError, /must be http or https/],
    [
      { id: 'p', url: 'http://x', timeoutMs: 10 },
      RangeError,
      /timeoutMs of provider "p" must be an integer in \[50, 60000\], got 10/,
    ],
    [{ id: 'p', url: 'http://x', timeoutMs: 1.5 }, RangeError, /timeoutMs/],
    [{ id: 'p', url: 'http://x', token: 'has space' }, TypeError, /token of provider "p"/],
    [{ id: 'p', url: 'http://127.0.0.1:6000' }, TypeError, /uses port 6000, which fetch refuses to connect to/],
  ])('%o -> %s', (config, type, message) => {
    expect(() => validateHttpProviderConfig(config as never)).toThrow(type);
    expect(() => validateHttpProviderConfig(config as never)).toThrow(message);
  });

  it('normalises the url and fills the default timeout', () => {
    expect(validateHttpProviderConfig({ id: 'p', url: 'http://127.0.0.1:80/api/' })).toEqual({
      id: 'p',
      url: 'http://127.0.0.1/api',
      timeoutMs: 3_000,
    });
  });
});

describe('FETCH_BAD_PORTS', () => {
  it("is exactly the ports Node's fetch refuses before connecting (1-11000)", async () => {
    const refused: number[] = [];
    const ports = Array.from({ length: 11_000 }, (_, i) => i + 1);
    for (let i = 0; i < ports.length; i += 250) {
      await Promise.all(
        ports.slice(i, i + 250).map(async (port) => {
          try {
            await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
          } catch (err) {
            if ((err as { cause?: { message?: string } }).cause?.message === 'bad port') refused.push(port);
          }
        }),
      );
    }
    expect(refused.sort((a, b) => a - b)).toEqual([...FETCH_BAD_PORTS].sort((a, b) => a - b));
  }, 30_000);
});
