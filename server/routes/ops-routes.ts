import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db/stores/stores.js';
import { UnavailableError } from '../http/app-error.js';
import { requireAdmin } from '../http/auth.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { HealthResponse, ReadyResponse } from '../schemas/ops-schemas.js';

/**
 * Liveness, readiness and Prometheus metrics. `/metrics` needs the admin key as a bearer token
 * (Prometheus' `authorization` / `bearer_token` scrape setting): it reveals traffic by country and
 * provider, so it is never open, not even on loopback behind a proxy that would make it public.
 */
export function opsRoutes(
  deps: { stores: Stores; metrics: AppMetrics; authenticate: RequestHandler },
  docs: RouteDocs,
): Router {
  const router = Router();

  docs.add({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    auth: 'none',
    responses: { 200: { description: 'alive', schema: HealthResponse } },
  });
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  docs.add({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers a trivial query',
    tags: ['operations'],
    auth: 'none',
    responses: { 200: { description: 'ready', schema: ReadyResponse } },
  });
  router.get('/readyz', (_req, res) => {
    try {
      deps.stores.ping();
    } catch {
      throw new UnavailableError('not_ready', 'the database does not answer', 5_000);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ready' });
  });

  docs.add({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (admin key as bearer token)',
    description:
      'routewise_verifications_created_total{country,route_class}, routewise_verifications_finished_total{status}, routewise_attempts_settled_total{provider,outcome}, routewise_checks_total{result}, routewise_receipts_total{provider,result}, routewise_policy_decisions_total{provider,country}, routewise_config_changes_total{kind}, routewise_http_request_duration_seconds{method,route,status}, routewise_breaker_state{segment,provider}, routewise_sse_subscribers, and the Node.js process metrics.',
    tags: ['operations'],
    auth: 'admin',
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4', contentType: 'text/plain' } },
  });
  router.get('/metrics', deps.authenticate, requireAdmin, async (_req, res) => {
    const text = await deps.metrics.registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(deps.metrics.registry.contentType).send(text);
  });

  return router;
}
