import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../db/stores/stores.js';
import type { Logger } from '../logger.js';
import { answerAfterCommit, isAnswered } from './after-commit.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** An app whose commits the test settles by hand: `settle()` resolves or rejects the pending one. */
async function serve() {
  let settle: ((error?: Error) => void) | undefined;
  const stores = {
    committed: () =>
      new Promise<void>((resolve, reject) => {
        settle = (error) => (error ? reject(error) : resolve());
      }),
  } as unknown as Stores;
  const answered: boolean[] = [];
  const app = express();
  app.use(answerAfterCommit(stores, quiet));
  app.get('/x', (_req, res) => {
    res.status(201).json({ ok: true });
    answered.push(isAnswered(res));
    // A second answer while the first waits is ignored.
    res.end('again');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  return { url, answered, settle: (error?: Error) => settle?.(error) };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('answerAfterCommit', () => {
  it('sends a response only once its commit resolved, and once', async () => {
    const s = await serve();
    let got: Response | undefined;
    const request = fetch(s.url).then((r) => (got = r));
    await later(100);
    expect(s.answered).toEqual([true]);
    expect(got).toBeUndefined();
    s.settle();
    const res = await request;
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('destroys the connection instead of answering when the commit fails', async () => {
    const s = await serve();
    const request = fetch(s.url);
    await later(50);
    s.settle(new Error('disk full'));
    await expect(request).rejects.toThrow();
  });
});
