import { describe, expect, it } from 'vitest';
import { fakeFetch, json, problem } from '../test-support/fake-fetch.js';
import { ApiClient } from './api-client.js';
import { ApiError, toApiError } from './api-error.js';

describe('ApiClient', () => {
  it('sends the admin key as a bearer token and parses JSON', async () => {
    const fetch = fakeFetch({ 'GET /v1/routing/segments': () => json(200, { at: 1, segments: [] }) });
    const api = new ApiClient({ fetch, key: () => 'k-123' });
    await expect(api.get('/v1/routing/segments')).resolves.toEqual({ at: 1, segments: [] });
    expect(fetch.calls[0]?.headers.authorization).toBe('Bearer k-123');
  });

  it('sends no Authorization header without a key', async () => {
    const fetch = fakeFetch({ 'GET /healthz': () => json(200, { ok: true }) });
    await new ApiClient({ fetch, key: () => undefined }).get('/healthz');
    expect(fetch.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('turns a problem response into an ApiError with code, detail, request id and issues', async () => {
    const fetch = fakeFetch({
      'PUT /v1/config/reward': () => problem(422, 'validation_failed', 'weights.cost: must be >= 0', { issues: [{ path: 'weights.cost', message: 'must be >= 0' }] }),
    });
    const err = await new ApiClient({ fetch, key: () => 'k' }).put('/v1/config/reward', { weights: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.detail, e.requestId]).toEqual([422, 'validation_failed', 'weights.cost: must be >= 0', 'req-1']);
    expect(e.issues).toEqual([{ path: 'weights.cost', message: 'must be >= 0' }]);
    expect(e.display).toBe('422 validation_failed — weights.cost: must be >= 0 (request req-1)');
    expect(fetch.calls[0]?.body).toEqual({ weights: {} });
    expect(fetch.calls[0]?.headers['content-type']).toBe('application/json');
  });

  it('calls onUnauthorized on 401', async () => {
    let told = 0;
    const fetch = fakeFetch({ 'GET /v1/x': () => problem(401, 'unauthorized', 'missing or invalid credentials') });
    const api = new ApiClient({ fetch, key: () => 'bad', onUnauthorized: () => told++ });
    await expect(api.get('/v1/x')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(told).toBe(1);
  });

  it('reports network failures and non-JSON bodies instead of hiding them', async () => {
    const down = new ApiClient({ fetch: () => Promise.reject(new TypeError('connection refused')), key: () => 'k' });
    await expect(down.get('/v1/x')).rejects.toMatchObject({ status: 0, code: 'network_error', detail: 'GET /v1/x failed: connection refused' });
    const html = new ApiClient({ fetch: async () => new Response('<html>', { status: 200 }), key: () => 'k' });
    await expect(html.get('/v1/x')).rejects.toMatchObject({ code: 'invalid_response' });
    const bad = new ApiClient({ fetch: async () => new Response('Bad Gateway', { status: 502 }), key: () => 'k' });
    await expect(bad.get('/v1/x')).rejects.toMatchObject({ status: 502, code: 'http_502', detail: 'GET /v1/x failed with HTTP 502' });
  });
});

describe('toApiError', () => {
  it('keeps ApiErrors and wraps anything else', () => {
    const e = new ApiError(500, 'internal_error', 'boom');
    expect(toApiError(e)).toBe(e);
    expect(toApiError(new Error('x'))).toMatchObject({ status: 0, code: 'network_error', detail: 'x' });
    expect(toApiError('str')).toMatchObject({ code: 'network_error', detail: 'str' });
  });
});
