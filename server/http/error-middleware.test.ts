import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { UnavailableError } from './app-error.js';
import { errorMiddleware } from './error-middleware.js';
import { requestLog } from './request-log.js';

describe('errorMiddleware', () => {
  it('answers a problem document and logs a server-side failure with its problem code readable', async () => {
    const lines: string[] = [];
    const app = express();
    app.get('/x', () => {
      throw new UnavailableError('no_provider_available', 'every provider is ejected', 30_000);
    });
    app.use(errorMiddleware(createLogger('info', (l) => lines.push(l))));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toMatchObject({ code: 'no_provider_available', status: 503 });
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request failed');
      expect(logged).toMatchObject({ level: 'warn', status: 503, problem: 'no_provider_available' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('logs the request line of a deliberate 503 at warn and keeps error for unhandled failures', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    const app = express();
    app.use(requestLog(logger));
    app.get('/ejected', () => {
      throw new UnavailableError('no_provider_available', 'every provider is ejected', 30_000);
    });
    app.get('/bug', () => {
      throw new TypeError('undefined is not a function');
    });
    app.use(errorMiddleware(logger));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/ejected`)).status).toBe(503);
      expect((await fetch(`${base}/bug`)).status).toBe(500);
      // The request line is written on 'finish', just after the answer.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const requests = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'request')
        .map((l) => [l.route, l.status, l.level]);
      // Before, every 5xx request line was an error: a regional outage flooded the error log.
      expect(requests).toEqual([
        ['/ejected', 503, 'warn'],
        ['/bug', 500, 'error'],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
