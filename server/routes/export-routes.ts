import { once } from 'node:events';
import { Router } from 'express';
import type { Stores } from '../../db/stores/stores.js';
import { requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import { toDecisionRecord } from '../observability/to-decision-record.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { DecisionRecordLine, ExportQuery } from '../schemas/analytics-schemas.js';
import { resolveRange } from '../schemas/common-schemas.js';

const HOUR_MS = 3_600_000;
/** Export ranges: last 24 h by default, at most 31 days (the stream itself is unbounded in rows). */
export const EXPORT_RANGE = Object.freeze({ defaultMs: 24 * HOUR_MS, maxMs: 31 * 24 * HOUR_MS });
const PAGE_SIZE = 500;
/** Longest stretch of export work before other requests get the event loop, ms. */
const YIELD_MS = 50;

/**
 * `GET /v1/export/decisions`: logged decisions as JSON Lines for offline evaluation, read page
 * by page and written with backpressure (the next page is read only once the socket drained),
 * going back to the event loop after every 50 ms of work, so a large export neither buffers in
 * memory nor holds the database or the other requests. No phone data: each line
 * is built field by field from columns that hold none.
 */
export function exportRoutes(deps: { stores: Stores; clock: () => number }, docs: RouteDocs): Router {
  const router = Router();
  docs.add({
    method: 'get',
    path: '/v1/export/decisions',
    summary: 'Logged decisions with context, probabilities, propensity, versions and outcome, as JSON Lines',
    description:
      'One DecisionRecord (engine/decision-record.ts) per attempt started in [from, to), in time order; default the last 24 h, at most 31 days.',
    tags: ['export'],
    auth: 'admin',
    query: ExportQuery,
    responses: {
      200: { description: 'one JSON object per line', schema: DecisionRecordLine, contentType: 'application/x-ndjson' },
    },
  });
  router.get('/v1/export/decisions', requireAdmin, async (req, res) => {
    const q = parseInput(ExportQuery, req.query);
    const { from, to } = resolveRange(q, deps.clock(), EXPORT_RANGE);
    res.status(200).type('application/x-ndjson');
    res.setHeader('Content-Disposition', `attachment; filename="decisions-${from}-${to}.jsonl"`);
    let closed = false;
    // One 'close' promise for the whole stream: a fresh once(res, 'close') per page would leave a
    // close and an error listener behind each time 'drain' won the race.
    const gone = new Promise<void>((resolve) => {
      res.once('close', () => {
        closed = true;
        resolve();
      });
    });
    let lines: string[] = [];
    let slice = performance.now();
    for (const row of deps.stores.analytics.iterateDecisions(from, to, PAGE_SIZE)) {
      lines.push(JSON.stringify(toDecisionRecord(row)));
      if (lines.length < PAGE_SIZE) continue;
      const ok = res.write(`${lines.join('\n')}\n`);
      lines = [];
      if (!ok && !closed) await Promise.race([once(res, 'drain'), gone]);
      // And back to the event loop every YIELD_MS: the socket's write (and so 'drain') happens in
      // a nextTick, which runs between promise jobs, so with a fast reader the loop went from page
      // to page without ever returning to it (a 24 h export held every other request for 16 s).
      if (performance.now() - slice >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      if (closed) return;
    }
    if (lines.length > 0) res.write(`${lines.join('\n')}\n`);
    res.end();
  });
  return router;
}
