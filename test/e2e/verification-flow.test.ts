import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numbers, startE2eServer, waitForCode, type E2eServer } from './e2e-server.js';

let server: E2eServer;
const nextDe = numbers('DE', 11);
const nextGb = numbers('GB', 12);

beforeAll(async () => {
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('verification over HTTP', () => {
  it.concurrent('create -> code from the sandbox -> check -> approved', async () => {
    const to = nextDe();
    const created = await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'pending', country: 'DE', routeClass: 'standard', action: 'login' });
    expect(created.json.operator).toMatch(/^262-0[123]$/);
    const id = created.json.id as string;
    const { code, attemptId } = await waitForCode(server, to);
    const check = await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } });
    expect(check.status).toBe(200);
    expect(check.json).toEqual({ id, status: 'approved' });
    const view = await server.call('GET', `/v1/verifications/${id}`);
    expect(view.json.status).toBe('approved');
    const attempts = view.json.attempts as { id: string; completed: boolean }[];
    expect(attempts.find((a) => a.id === attemptId)?.completed).toBe(true);
    // Never a code or the number in the read model.
    expect(view.text).not.toContain(code);
    expect(view.text).not.toContain(to.slice(1));
    // Approved stays approved, even for a later wrong code.
    expect(
      (
        await server.call('POST', `/v1/verifications/${id}/checks`, {
          body: { code: '000000' === code ? '111111' : '000000' },
        })
      ).json.status,
    ).toBe('approved');
  });

  it.concurrent('brute force: five wrong checks end the verification; the right code is refused after', async () => {
    const to = nextDe();
    const id = (await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } })).json.id as string;
    const { code } = await waitForCode(server, to);
    const wrong = code === '123456' ? '654321' : '123456';
    const statuses: string[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code: wrong } })).json.status as string,
      );
    expect(statuses).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'max_attempts_reached',
      'max_attempts_reached',
    ]);
    const right = await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } });
    expect(right.status).toBe(200);
    expect(right.json.status).toBe('max_attempts_reached');
    expect((await server.call('GET', `/v1/verifications/${id}`)).json.status).toBe('max_attempts_reached');
  });

  it('unknown id and wrong code answer alike', async () => {
    const id = (await server.call('POST', '/v1/verifications', { body: { to: nextGb(), action: 'login' } })).json
      .id as string;
    const wrong = await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code: '000001' } });
    const unknownId = 'vf_AAAAAAAAAAAAAAAAAAAAAA';
    const unknown = await server.call('POST', `/v1/verifications/${unknownId}/checks`, { body: { code: '000001' } });
    const garbage = await server.call('POST', '/v1/verifications/not-an-id/checks', { body: { code: '000001' } });
    expect([wrong.status, unknown.status, garbage.status]).toEqual([200, 200, 200]);
    expect(wrong.json).toEqual({ id, status: 'pending' });
    expect(unknown.json).toEqual({ id: unknownId, status: 'pending' });
    expect(garbage.json).toEqual({ id: 'not-an-id', status: 'pending' });
    expect(Object.keys(wrong.json)).toEqual(Object.keys(unknown.json));
  });

  it('an unknown id locks after the same number of checks as a real verification', async () => {
    const unknownId = 'vf_BBBBBBBBBBBBBBBBBBBBBB';
    const statuses: string[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await server.call('POST', `/v1/verifications/${unknownId}/checks`, { body: { code: '000001' } })).json
          .status as string,
      );
    expect(statuses).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'max_attempts_reached',
      'max_attempts_reached',
    ]);
  });

  it('per-phone rate limit: the 6th verification to one number in 10 minutes is 429 with Retry-After', async () => {
    const to = nextGb();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const before = server.count('SELECT count(*) FROM verifications');
    const limited = await server.call('POST', '/v1/verifications', { body: { to, action: 'login' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.json.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(server.count('SELECT count(*) FROM verifications')).toBe(before);
    // Another number is not affected.
    expect((await server.call('POST', '/v1/verifications', { body: { to: nextGb(), action: 'login' } })).status).toBe(
      201,
    );
  });

  it.concurrent(
    'cancel: a canceled verification answers pending to a wrong code and canceled to the right one',
    async () => {
      const to = nextDe();
      const id = (await server.call('POST', '/v1/verifications', { body: { to, action: 'signup' } })).json.id as string;
      const { code } = await waitForCode(server, to);
      const canceled = await server.call('POST', `/v1/verifications/${id}/cancel`);
      expect(canceled.status).toBe(200);
      expect(canceled.json.status).toBe('canceled');
      expect(
        (
          await server.call('POST', `/v1/verifications/${id}/checks`, {
            body: { code: code === '999999' ? '999998' : '999999' },
          })
        ).json.status,
      ).toBe('pending');
      expect((await server.call('POST', `/v1/verifications/${id}/checks`, { body: { code } })).json.status).toBe(
        'canceled',
      );
    },
  );
});
