import { Router, type Request, type Response } from 'express';
import { SlidingWindowCounter } from '../../engine/guards/sliding-window-counter.js';
import type { ProviderId } from '../../engine/types.js';
import { AppError, NotFoundError, RateLimitedError, ValidationError } from '../http/app-error.js';
import { parseInput } from '../http/validate.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { ReceiptBody, ReceiptParams, ReceiptResult } from '../schemas/receipt-schemas.js';
import { verifyWebhook } from '../security/webhook-signature.js';
import type { ReceiptService } from '../verification/receipt-service.js';

/**
 * Rejected receipt deliveries (bad signature, unknown provider, invalid body) per client IP per
 * minute before that address is refused outright. Only failures count: a provider posting
 * valid signed receipts at any rate is never throttled (throttling it would time attempts out
 * and send users extra SMS), while a stranger probing signatures is cut off.
 */
export const DEFAULT_RECEIPTS_PER_IP_PER_MINUTE = 600;
const WEBHOOK_ID = /^[\x21-\x7e]{1,200}$/;

export interface ReceiptRouteDeps {
  readonly receipts: ReceiptService;
  readonly providers: ReadonlySet<ProviderId>;
  /**
   * The provider's Standard Webhooks signing secrets (`whsec_...`), current first: a delivery
   * verifies under any of them (during a key rotation the provider may still sign with the old one).
   */
  readonly secretOf: (provider: ProviderId) => readonly string[];
  readonly clock: () => number;
  readonly clientIp: (req: Request) => string;
  readonly metrics: AppMetrics;
  readonly perIpPerMinute?: number;
}

/**
 * `POST /v1/receipts/{provider}`: delivery receipts, authenticated by a Standard Webhooks
 * signature over `id.timestamp.rawBody` (not by a bearer key), +/-300 s against replay,
 * deduplicated on (provider, webhook-id) so a retried delivery changes state once. Mount it
 * before the `/v1` bearer authentication.
 */
export function receiptRoutes(deps: ReceiptRouteDeps, docs: RouteDocs): Router {
  const router = Router();
  const failuresPerIp = new SlidingWindowCounter({ windowMs: 60_000 });
  const limit = deps.perIpPerMinute ?? DEFAULT_RECEIPTS_PER_IP_PER_MINUTE;

  docs.add({
    method: 'post',
    path: '/v1/receipts/{provider}',
    summary: 'Delivery receipt webhook (Standard Webhooks signature, no bearer key)',
    description:
      'Signed with HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${raw body}` (https://www.standardwebhooks.com/); the timestamp must be within 300 s of our clock. A wrong, missing, short or stale signature gives 401. Deliveries are deduplicated on (provider, webhook-id); receipts may arrive in any order, even before the send answer (kept as orphans).',
    tags: ['receipts'],
    auth: 'webhook-signature',
    params: ReceiptParams,
    headers: {
      'webhook-id': { description: 'unique delivery id, stable across retries', required: true },
      'webhook-timestamp': { description: 'Unix seconds', required: true },
      'webhook-signature': { description: 'space-separated `v1,<base64>` signatures', required: true },
    },
    body: ReceiptBody,
    responses: { 200: { description: 'stored (or recognised as a duplicate)', schema: ReceiptResult } },
  });
  router.post('/v1/receipts/:provider', (req, res) => {
    const now = deps.clock();
    const ip = deps.clientIp(req);
    const verdict = failuresPerIp.verdict(ip, limit, now, 'ip');
    if (verdict.limited)
      throw new RateLimitedError(
        'rate_limited',
        'too many rejected receipt deliveries from this address',
        verdict.retryAfterMs ?? 60_000,
      );
    try {
      handle(req, res, now);
    } catch (err) {
      failuresPerIp.hit(ip, now);
      throw err;
    }
  });

  function handle(req: Request, res: Response, now: number): void {
    const { provider } = parseInput(ReceiptParams, req.params);
    if (!deps.providers.has(provider)) throw new NotFoundError(`no provider "${provider}"`);
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    let check: ReturnType<typeof verifyWebhook> = { ok: false, reason: 'bad_signature' };
    for (const secret of deps.secretOf(provider)) {
      check = verifyWebhook(secret, req.headers, raw, Math.floor(now / 1000));
      // Header and timestamp problems do not depend on the secret: no point trying the others.
      if (check.ok || check.reason !== 'bad_signature') break;
    }
    if (!check.ok) {
      deps.metrics.receipts.inc({ provider, result: 'rejected' });
      throw new AppError(401, 'invalid_signature', `webhook signature rejected: ${check.reason}`);
    }
    const webhookId = String(req.headers['webhook-id']);
    if (!WEBHOOK_ID.test(webhookId))
      throw new ValidationError([{ path: 'webhook-id', message: 'must be 1-200 visible ASCII characters' }]);
    const body = parseInput(ReceiptBody, req.body);
    const result = deps.receipts.apply({
      provider,
      webhookId,
      providerMessageId: body.providerMessageId,
      status: body.status,
      ...(body.errorClass ? { errorClass: body.errorClass } : {}),
      occurredAt: body.occurredAt,
    });
    deps.metrics.receipts.inc({ provider, result });
    res.json({ result });
  }
  return router;
}
