import { Router } from 'express';
import { REPLAY_EVENTS, type EventBus, type NumberedEvent } from '../events/event-bus.js';
import { UnavailableError } from '../http/app-error.js';
import { requireAdmin } from '../http/auth.js';
import type { RouteDocs } from '../openapi/route-docs.js';

/** A comment line every 15 s keeps proxies and the browser from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: server-sent events (WHATWG HTML, "Server-sent events") of decisions,
 * outcomes, finished verifications, breaker changes, detected changes and config changes.
 * Each message is `id`, `event: <type>` and `data: {"type","at","data"}`. A stream whose
 * socket stops draining is dropped rather than buffered without bound; a full bus answers 503.
 */
export function eventRoutes(
  deps: { events: EventBus; heartbeatMs?: number },
  docs: RouteDocs,
): { router: Router; closeAll: () => void } {
  const router = Router();
  const open = new Set<() => void>();
  docs.add({
    method: 'get',
    path: '/v1/events',
    summary: 'Live events as server-sent events (text/event-stream)',
    description:
      'Event types: decision, outcome, verification, breaker, change, config. No phone numbers or codes are ever published. ' +
      'Ids are consecutive per server process: a stream opened with `Last-Event-ID` first receives the kept events after that id ' +
      `(the latest ${REPLAY_EVENTS}, kept while a stream is open and for ${REPLAY_EVENTS} events after the last one closes; ` +
      'a jump in ids means some were dropped, ids lower than the one sent mean the server restarted). ' +
      '503 when the subscriber limit is reached.',
    tags: ['events'],
    auth: 'admin',
    responses: { 200: { description: 'an endless event stream', contentType: 'text/event-stream' } },
  });
  router.get('/v1/events', requireAdmin, (req, res) => {
    let unsubscribe: (() => void) | undefined;
    const send = (e: NumberedEvent): void => {
      const ok = res.write(
        `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ type: e.type, at: new Date(e.at).toISOString(), data: e.data })}\n\n`,
      );
      // A reader that does not keep up is cut off (it reconnects); the bus never waits for it.
      if (!ok && res.writableLength > 1_000_000) res.destroy();
    };
    const subscribed = deps.events.subscribe(send, { replay: true });
    if (!subscribed)
      throw new UnavailableError('too_many_subscribers', 'the live event stream has too many subscribers', 30_000);
    unsubscribe = subscribed;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(': connected\nretry: 3000\n\n');
    // A reconnecting EventSource sends the last id it saw: replay what it missed, still kept
    // (nothing is published between subscribing above and here: this handler is synchronous).
    const lastId = req.get('last-event-id')?.trim();
    if (lastId !== undefined && /^\d{1,15}$/.test(lastId)) for (const e of deps.events.since(Number(lastId))) send(e);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? SSE_HEARTBEAT_MS);
    req.socket.setTimeout(0);
    const end = () => res.end();
    open.add(end);
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe?.();
      unsubscribe = undefined;
      open.delete(end);
    };
    res.on('close', cleanup);
    req.on('close', cleanup);
  });
  // Shutdown ends every stream so the server can drain instead of waiting on endless responses.
  return { router, closeAll: () => [...open].forEach((end) => end()) };
}
