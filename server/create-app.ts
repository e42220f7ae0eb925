import { resolve } from 'node:path';
import express, { type Express, type Request } from 'express';
import type { Stores } from '../db/stores/stores.js';
import { ANY } from '../engine/context/segment.js';
import type { RoutingEngine } from '../engine/routing-engine-types.js';
import type { HealthRegistry } from '../engine/health/health-registry.js';
import type { ProviderId } from '../engine/types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { SandboxInbox } from '../providers/simulated/sandbox-inbox.js';
import { EventBus } from './events/event-bus.js';
import { LearningRecorder } from './learning/learning-recorder.js';
import { AppMetrics } from './metrics/app-metrics.js';
import { countBusEvents } from './metrics/event-metrics.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { MeteredVerificationService } from './metrics/metered-verification-service.js';
import { analyticsRoutes } from './routes/analytics-routes.js';
import { benchmarkRoutes } from './routes/benchmark-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { docsRoutes } from './routes/docs-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { receiptRoutes } from './routes/receipt-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { sandboxRoutes } from './routes/sandbox-routes.js';
import { whatIfRoutes } from './routes/what-if-routes.js';
import { providerWebhookSecrets } from './security/webhook-secrets.js';
import { dashboardRoutes, DEFAULT_DASHBOARD_DIR } from './static/dashboard-static.js';
import { ReceiptService } from './verification/receipt-service.js';
import { parsePhone } from './verification/phone-number.js';
import { AppError } from './http/app-error.js';
import { authenticate } from './http/auth.js';
import { errorMiddleware, notFoundHandler } from './http/error-middleware.js';
import { answerAfterCommit } from './http/after-commit.js';
import { requestLog } from './http/request-log.js';
import type { Logger } from './logger.js';
import { RouteDocs } from './openapi/route-docs.js';
import { verificationRoutes } from './routes/verification-routes.js';
import { createCodeHasher } from './security/codes.js';
import type { KeyRing } from './security/key-file.js';
import { createPhoneCrypto } from './security/phone-crypto.js';
import { AbuseLimits, type AbuseLimitsConfig } from './verification/abuse-limits.js';
import { VerificationDriver } from './verification/verification-driver.js';
import type { VerificationService } from './verification/verification-service.js';

export const API_VERSION = '0.1.0';
export const BODY_LIMIT = '100kb';
/** Where `npm run bench` writes its reports, resolved from this module. */
export const DEFAULT_BENCHMARKS_DIR = resolve(import.meta.dirname, '../bench-results');

export interface AppDeps {
  readonly stores: Stores;
  readonly engine: RoutingEngine & { readonly health: HealthRegistry };
  readonly adapters: ReadonlyMap<ProviderId, ProviderAdapter>;
  readonly clock: () => number;
  readonly keys: KeyRing;
  /** Receipt signing secrets issued by providers (providers file); others use the one derived from `keys`. */
  readonly webhookSecrets?: ReadonlyMap<ProviderId, string>;
  readonly logger: Logger;
  /** Present while the simulated provider network is in use (serves /v1/sandbox/messages). */
  readonly inbox?: SandboxInbox;
  readonly operatorOf: (e164: string) => string | undefined;
  readonly maxAttempts?: number;
  readonly limits?: AbuseLimitsConfig;
  readonly trustProxyHops?: number;
  readonly sendTimeoutMs?: number;
  /** Built dashboard (`index.html` + assets); default `dashboard/dist` (config: ROUTEWISE_DASHBOARD_DIR). */
  readonly dashboardDir?: string;
  /** Benchmark reports (`<dir>/<scenario>/report.md`); default `bench-results`. */
  readonly benchmarksDir?: string;
  /** Receipt webhooks accepted per client IP per minute (default 3 000). */
  readonly receiptsPerIpPerMinute?: number;
  /** Node.js process metrics on /metrics (default true; tests building many apps turn them off). */
  readonly processMetrics?: boolean;
  /** SSE heartbeat interval, ms (default 15 000). */
  readonly sseHeartbeatMs?: number;
}

export interface App {
  readonly app: Express;
  readonly driver: VerificationDriver;
  readonly service: VerificationService;
  readonly events: EventBus;
  readonly limits: AbuseLimits;
  readonly docs: RouteDocs;
  readonly receipts: ReceiptService;
  readonly recorder: LearningRecorder;
  readonly metrics: AppMetrics;
  /** Ends every open SSE stream (call on shutdown before draining the server). */
  closeLiveStreams(): void;
}

/**
 * The one wiring root (STYLE.md 7): builds the HTTP app from stores, providers, clock and
 * engine. Tests pass an in-memory or temp-file SQLite and the simulated network.
 */
export function createApp(deps: AppDeps): App {
  const { stores, engine, clock, logger } = deps;
  const events = new EventBus();
  const limits = new AbuseLimits(deps.limits);
  const phones = createPhoneCrypto(deps.keys);
  const codes = createCodeHasher(deps.keys);
  const driver: VerificationDriver = new VerificationDriver({
    stores,
    engine,
    adapters: deps.adapters,
    clock,
    phones,
    codes,
    events,
    logger,
    onAccepted: (provider: ProviderId, providerMessageId: string): void => receipts.applyPending(provider, providerMessageId),
    // Conversions per number prefix feed SMS-pumping detection (a prefix that sends but never converts).
    onApproved: (record) => {
      const parsed = parsePhone(phones.decryptPhone(record.phoneEnc, record.phoneKeyId));
      if (parsed.ok) limits.recordConversion(parsed.phone.prefix, clock());
    },
    ...(deps.sendTimeoutMs ? { sendTimeoutMs: deps.sendTimeoutMs } : {}),
  });
  const metrics = new AppMetrics(
    {
      breakers: function* () {
        const at = clock();
        for (const { segment, provider } of engine.health.list()) {
          if (!segment.includes(ANY)) yield { segment, provider, state: engine.health.breakerState(segment, provider, at) };
        }
      },
      sseSubscribers: () => events.subscribers,
    },
    { defaultMetrics: deps.processMetrics ?? true },
  );
  countBusEvents(events, metrics, stores.verifications);
  const service: VerificationService = new MeteredVerificationService({
    stores,
    engine,
    driver,
    clock,
    phones,
    codes,
    limits,
    operatorOf: deps.operatorOf,
    maxAttempts: deps.maxAttempts ?? 3,
  }, metrics);
  const docs = new RouteDocs();
  const receipts: ReceiptService = new ReceiptService(stores, driver, clock);
  const recorder = new LearningRecorder({
    stores,
    policy: engine.policy,
    health: engine.health,
    engineState: () => engine.snapshotLearned(),
    events,
    clock,
    routingTable: () => engine.routingTable,
  });

  const app = express();
  app.disable('x-powered-by');
  // Only trust X-Forwarded-For from configured proxy hops; a forged header never changes who the limiter counts.
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  app.use(answerAfterCommit(stores, logger));
  app.use(requestLog(logger));
  app.use(httpMetrics(metrics));
  app.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    const length = Number(req.headers['content-length'] ?? 0);
    if (hasBody && (length > 0 || req.headers['transfer-encoding']) && !req.is('application/json')) {
      return next(new AppError(415, 'unsupported_media_type', 'request body must be application/json'));
    }
    next();
  });
  // Bodies are parsed only for callers that proved who they are (a bearer key, or on the receipt
  // route a provider, whose signature needs the raw bytes): a stranger cannot make the server read
  // and parse 100 kB of JSON per request.
  const parseJson = express.json({
    limit: BODY_LIMIT,
    strict: true,
    verify: (req, _res, buf) => {
      (req as Request & { rawBody?: Buffer }).rawBody = buf;
    },
  });

  const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const auth = authenticate(stores.apiKeys, clock);
  const providers = new Set(deps.adapters.keys());
  const webhookSecrets = new Map<ProviderId, readonly string[]>();
  app.use(docsRoutes({ version: API_VERSION }, docs));
  app.use(opsRoutes({ stores, metrics, authenticate: auth }, docs));
  // Receipts authenticate by webhook signature, so they are mounted before the bearer check.
  app.use('/v1/receipts', parseJson);
  app.use(
    receiptRoutes(
      {
        receipts,
        providers,
        secretOf: (provider) => {
          // Derived once per provider (the route asks only for configured ones): keys do not change while running.
          let secrets = webhookSecrets.get(provider);
          if (secrets === undefined) {
            const issued = deps.webhookSecrets?.get(provider);
            secrets = issued !== undefined ? [issued] : providerWebhookSecrets(deps.keys, provider);
            webhookSecrets.set(provider, secrets);
          }
          return secrets;
        },
        clock,
        clientIp,
        metrics,
        ...(deps.receiptsPerIpPerMinute ? { perIpPerMinute: deps.receiptsPerIpPerMinute } : {}),
      },
      docs,
    ),
  );
  app.use('/v1', auth, parseJson);
  app.use(verificationRoutes({ service, idempotency: stores.idempotency, clock, clientIp }, docs));
  if (deps.inbox) app.use(sandboxRoutes({ inbox: deps.inbox, clock }, docs));
  app.use(routingRoutes({ stores, recorder, clock, completion: engine.completion }, docs));
  app.use(configRoutes({ stores, engine, events, clock, metrics, providers }, docs));
  app.use(tenantRoutes({ stores, clock, logger, forgetKeys: auth.forget }, docs));
  app.use(whatIfRoutes({ stores, engine, clock }, docs));
  app.use(analyticsRoutes({ stores, clock }, docs));
  app.use(exportRoutes({ stores, clock }, docs));
  const live = eventRoutes({ events, ...(deps.sseHeartbeatMs ? { heartbeatMs: deps.sseHeartbeatMs } : {}) }, docs);
  app.use(live.router);
  app.use(benchmarkRoutes({ dir: deps.benchmarksDir ?? DEFAULT_BENCHMARKS_DIR }, docs));
  const dashboard = dashboardRoutes(deps.dashboardDir ?? DEFAULT_DASHBOARD_DIR);
  if (dashboard) app.use(dashboard);

  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));
  return { app, driver, service, events, limits, docs, receipts, recorder, metrics, closeLiveStreams: live.closeAll };
}
