import type { RequestHandler } from 'express';
import type { AppMetrics } from './app-metrics.js';

/**
 * Observes every response's duration under its route template (`/v1/verifications/:id`),
 * never the raw path, so ids cannot blow up the label set; unmatched paths share one label.
 */
export function httpMetrics(metrics: AppMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const template = req.route?.path;
      const route = typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}
