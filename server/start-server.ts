import type { Server } from 'node:http';
import { openDatabase } from '../db/open-database.js';
import { createSqliteStores } from '../db/sqlite/create-sqlite-stores.js';
import { HealthRegistry, type HealthRegistrySnapshot } from '../engine/health/health-registry.js';
import { createPolicy, defaultPolicyConfig } from '../engine/learning/create-policy.js';
import { DEFAULT_REWARD_WEIGHTS, type RewardConfig } from '../engine/reward/reward-weights.js';
import { mulberry32 } from '../engine/rng.js';
import { createRoutingEngine, restoredLearning } from '../engine/routing-engine.js';
import type { RoutingEngineSnapshot } from '../engine/routing-engine-types.js';
import type { RoutingTable } from '../engine/routing-table.js';
import type { ProviderId } from '../engine/types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { createHttpProviderAdapter } from '../providers/http/http-provider-adapter.js';
import { loadHttpProviders } from '../providers/http/http-providers-file.js';
import { DEFAULT_WORLD } from '../providers/simulated/default-world.js';
import { operatorForNumber } from '../providers/simulated/numbering.js';
import { createSandboxInbox } from '../providers/simulated/sandbox-inbox.js';
import { createSimulatedAdapters } from '../providers/simulated/simulated-adapter.js';
import { createSimulatedNetwork, type SimulatedNetwork } from '../providers/simulated/simulated-network.js';
import { worldReferencePrices, worldRoutingTable } from '../providers/simulated/world-routing.js';
import type { ServerConfig } from './config.js';
import { createApp, type App } from './create-app.js';
import { startOwnDemoTraffic } from './demo/own-demo-traffic.js';
import { startRetentionJob, type RetentionJob } from './retention/retention-job.js';
import type { Logger } from './logger.js';
import { loadKeyFile } from './security/key-file.js';
import { seedAccess, type SeededAccess } from './seed-access.js';
import { activeConfig } from './settings/config-versions.js';
import { listenProblem, startupStep } from './startup-error.js';

export interface RunningServer {
  readonly url: string;
  readonly app: App;
  readonly access: SeededAccess;
  /** The simulated provider network (tests and the demo inject incidents into it). */
  readonly network: SimulatedNetwork;
  /** The data-retention purge (absent with ROUTEWISE_RETENTION_DAYS=0); runs every minute by itself. */
  readonly retention: RetentionJob | undefined;
  /** Stops accepting, drains in-flight requests, persists learned state, closes the database. */
  shutdown(reason: string): Promise<void>;
}

/** Server-side timeouts: a slow-loris client is cut off without hurting others. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Starts routewise on one machine: SQLite (created and migrated), key file, the simulated
 * provider network, the HTTP API, timer sweeps and learned-state snapshots. The learned
 * state of the last run is restored.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const clock = () => Date.now();
  const database = openDatabase(config.dbPath);
  const keys = startupStep(() => loadKeyFile(config.keyFile, { createIfMissing: config.mode === 'demo' }));
  const stores = createSqliteStores(database.sqlite, (error) => logger.error('commit failed: the answers and sends that waited for it were withheld', { error: String(error) }));
  const now = clock();
  const access = seedAccess(stores, { demoApiKey: config.demoApiKey, adminKey: config.adminKey }, now);

  const world = DEFAULT_WORLD;
  // ROUTEWISE_PROVIDERS_FILE: real HTTP providers replace the simulated network (no sandbox inbox).
  const httpProviders = config.providersFile
    ? startupStep(() => loadHttpProviders(config.providersFile as string, world.countries.map((c) => c.code)))
    : undefined;
  const rewardConfig = activeConfig<RewardConfig>(
    stores,
    'reward',
    () => ({ weights: { ...DEFAULT_REWARD_WEIGHTS, referencePrices: worldReferencePrices(world) }, overrides: [] }),
    now,
  );
  const table = activeConfig<RoutingTable>(stores, 'routing', () => httpProviders?.table ?? { countries: worldRoutingTable(world).countries }, now);

  const deps = { now: clock, random: mulberry32(config.seed) };
  const policy = createPolicy(defaultPolicyConfig(config.policy, table), deps);
  const latest = stores.snapshots.latestSnapshot();
  let health = new HealthRegistry();
  if (latest && latest.policyKind === policy.kind) {
    try {
      policy.restore({ kind: latest.policyKind, version: latest.policyVersion, state: latest.state });
      health = HealthRegistry.restore(latest.health as HealthRegistrySnapshot);
      logger.info('learned state restored', { policy: latest.policyKind, savedAt: new Date(latest.at).toISOString() });
    } catch (err) {
      logger.warn('learned state could not be restored; starting fresh', { error: String(err) });
    }
  }
  // The engine's own learning (completion model, shift detector) is independent of the policy
  // kind; a row saved before it existed has none, and a malformed one only costs relearning it.
  let learned: ReturnType<typeof restoredLearning> = {};
  if (latest?.engine !== undefined) {
    try {
      learned = restoredLearning(latest.engine as RoutingEngineSnapshot);
    } catch (err) {
      logger.warn('engine learned state could not be restored; relearning it', { error: String(err) });
    }
  }
  const engine = createRoutingEngine({ policy, table, rewardConfig, health, ...learned });

  const network = createSimulatedNetwork({ world, seed: config.seed });
  const inbox = createSandboxInbox();
  const timers = new Set<NodeJS.Timeout>();
  let receiptSeq = 0;
  const adapterList = createSimulatedAdapters({
    network,
    inbox,
    clock,
    schedule: (at, fn) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, Math.max(0, at - clock()));
      timers.add(t);
    },
    onReceipt: (provider, r) => {
      try {
        app.receipts.apply({ provider, webhookId: `sim-${++receiptSeq}-${r.providerMessageId}`, providerMessageId: r.providerMessageId, status: r.status, ...(r.errorClass ? { errorClass: r.errorClass } : {}), occurredAt: r.at });
      } catch (err) {
        logger.error('simulated receipt failed', { provider, error: String(err) });
      }
    },
  });
  const adapters = new Map<ProviderId, ProviderAdapter>(
    httpProviders ? httpProviders.providers.map((p) => [p.id, createHttpProviderAdapter(p)]) : adapterList.map((a) => [a.id, a]),
  );

  const app = createApp({
    stores,
    engine,
    adapters,
    clock,
    keys,
    logger,
    ...(httpProviders ? { webhookSecrets: httpProviders.webhookSecrets } : { inbox }),
    operatorOf: (e164) => operatorForNumber(e164, world)?.operator,
    trustProxyHops: config.trustProxyHops,
    ...(config.dashboardDir ? { dashboardDir: config.dashboardDir } : {}),
  });
  const recorder = app.recorder;
  recorder.start();

  const intervals = [
    setInterval(() => {
      try {
        app.driver.tick();
      } catch (err) {
        logger.error('timer sweep failed', { error: String(err) });
      }
    }, config.tickMs),
    setInterval(() => {
      try {
        recorder.recordHistory();
        recorder.persist();
        stores.idempotency.purgeExpired(clock());
      } catch (err) {
        logger.error('snapshot failed', { error: String(err) });
      }
    }, config.snapshotIntervalMs),
  ];

  const retention =
    config.retentionDays > 0
      ? startRetentionJob({
          stores,
          clock,
          retentionDays: config.retentionDays,
          logger,
          onDeleted: (table, rows) => app.metrics.retentionDeleted.inc({ table }, rows),
        })
      : undefined;

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 calls this back with the error when listening fails: resolving regardless would
    // report "listening" on a port another process holds and send demo traffic to that process.
    const s = app.app.listen(config.port, config.host, (err?: Error) =>
      err ? reject(listenProblem(err, config.host, config.port)) : resolve(s),
    );
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;

  // Demo traffic (ROUTEWISE_DEMO_TRAFFIC) through the own HTTP API; needs the sandbox inbox.
  const demo =
    config.demoTraffic && !httpProviders
      ? startOwnDemoTraffic({ stores, url, network, logger, clock, config: { ratePerSecond: config.demoRate, seed: config.seed } })
      : undefined;

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> =>
    (closing ??= (async () => {
      logger.info('shutting down', { reason });
      for (const i of intervals) clearInterval(i);
      await retention?.stop();
      app.closeLiveStreams();
      await demo?.stop();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, DRAIN_TIMEOUT_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      for (const t of timers) clearTimeout(t);
      recorder.stop();
      try {
        await stores.drain();
        recorder.recordHistory();
        recorder.persist();
      } finally {
        stores.flush();
        await stores.analytics.close();
        database.close();
      }
      logger.info('stopped', { reason });
    })());

  return { url, app, access, network, retention, shutdown };
}
