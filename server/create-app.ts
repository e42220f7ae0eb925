import express, { type Express, type Request } from 'express';
import type { Stores } from '../db/stores/stores.js';
import type { RoutingEngine } from '../engine/routing-engine-types.js';
import type { HealthRegistry } from '../engine/health/health-registry.js';
import type { ProviderId } from '../engine/types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { SandboxInbox } from '../providers/simulated/sandbox-inbox.js';
import { EventBus } from './events/event-bus.js';
import { LearningRecorder } from './learning/learning-recorder.js';
import { sandboxRoutes } from './routes/sandbox-routes.js';
import { ReceiptService } from './verification/receipt-service.js';
import { AppError } from './http/app-error.js';
import { authenticate } from './http/auth.js';
import { errorMiddleware, notFoundHandler } from './http/error-middleware.js';
import { requestLog } from './http/request-log.js';
import type { Logger } from './logger.js';
import { openApiDocument } from './openapi/openapi-document.js';
import { RouteDocs } from './openapi/route-docs.js';
import { verificationRoutes } from './routes/verification-routes.js';
import { createCodeHasher } from './security/codes.js';
import type { KeyRing } from './security/key-file.js';
import { createPhoneCrypto } from './security/phone-crypto.js';
import { AbuseLimits, type AbuseLimitsConfig } from './verification/abuse-limits.js';
import { VerificationDriver } from './verification/verification-driver.js';
import { VerificationService } from './verification/verification-service.js';

export const API_VERSION = '0.1.0';
export const BODY_LIMIT = '100kb';

export interface AppDeps {
  readonly stores: Stores;
  readonly engine: RoutingEngine & { readonly health: HealthRegistry };
  readonly adapters: ReadonlyMap<ProviderId, ProviderAdapter>;
  readonly clock: () => number;
  readonly keys: KeyRing;
  readonly logger: Logger;
  /** Present while the simulated provider network is in use (serves /v1/sandbox/messages). */
  readonly inbox?: SandboxInbox;
  readonly operatorOf: (e164: string) => string | undefined;
  readonly maxAttempts?: number;
  readonly limits?: AbuseLimitsConfig;
  readonly trustProxyHops?: number;
  readonly sendTimeoutMs?: number;
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
    ...(deps.sendTimeoutMs ? { sendTimeoutMs: deps.sendTimeoutMs } : {}),
  });
  const service = new VerificationService({
    stores,
    engine,
    driver,
    clock,
    phones,
    codes,
    limits,
    operatorOf: deps.operatorOf,
    maxAttempts: deps.maxAttempts ?? 3,
  });
  const docs = new RouteDocs();
  const receipts: ReceiptService = new ReceiptService(stores, driver, clock);
  const recorder = new LearningRecorder({ stores, policy: engine.policy, health: engine.health, events, clock });

  const app = express();
  app.disable('x-powered-by');
  // Only trust X-Forwarded-For from configured proxy hops; a forged header never changes who the limiter counts.
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  app.use(requestLog(logger));
  app.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    const length = Number(req.headers['content-length'] ?? 0);
    if (hasBody && (length > 0 || req.headers['transfer-encoding']) && !req.is('application/json')) {
      return next(new AppError(415, 'unsupported_media_type', 'request body must be application/json'));
    }
    next();
  });
  app.use(
    express.json({
      limit: BODY_LIMIT,
      strict: true,
      verify: (req, _res, buf) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );

  const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  app.get('/openapi.json', (_req, res) => res.json(openApiDocument(docs.all, API_VERSION)));
  app.use('/v1', authenticate(stores.apiKeys, clock));
  app.use(verificationRoutes({ service, idempotency: stores.idempotency, clock, clientIp }, docs));
  if (deps.inbox) app.use(sandboxRoutes({ inbox: deps.inbox, clock }, docs));

  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));
  return { app, driver, service, events, limits, docs, receipts, recorder };
}
