import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import { openDatabase } from '../../../db/open-database.js';
import { createSqliteStores } from '../../../db/sqlite/create-sqlite-stores.js';
import type { Stores } from '../../../db/stores/stores.js';
import { HealthRegistry } from '../../../engine/health/health-registry.js';
import { createPolicy, defaultPolicyConfig } from '../../../engine/learning/create-policy.js';
import { DEFAULT_REWARD_WEIGHTS, type RewardConfig } from '../../../engine/reward/reward-weights.js';
import { mulberry32 } from '../../../engine/rng.js';
import { createRoutingEngine } from '../../../engine/routing-engine.js';
import type { RoutingTable } from '../../../engine/routing-table.js';
import { createHttpProviderAdapter } from '../../../providers/http/http-provider-adapter.js';
import type { ProviderAdapter } from '../../../providers/provider-adapter.js';
import { createApp, type App, type AppDeps } from '../../../server/create-app.js';
import { createLogger } from '../../../server/logger.js';
import { loadKeyFile, type KeyRing } from '../../../server/security/key-file.js';
import { seedAccess } from '../../../server/seed-access.js';
import { activeConfig } from '../../../server/settings/config-versions.js';
import type { FakeProvider } from '../fake-provider.js';
import { makeServerFiles, TEST_ADMIN_KEY, TEST_API_KEY, wireReceipts, type ServerFiles } from './test-server.js';

export interface ClockedApp {
  readonly url: string;
  readonly app: App;
  readonly stores: Stores;
  readonly files: ServerFiles;
  readonly keys: KeyRing;
  readonly health: HealthRegistry;
  now(): number;
  /** Moves the app's clock (not the wall clock) forward. */
  advance(ms: number): void;
  /** Runs the timer sweep once at the current app time. */
  tick(): number;
  /** Stops the app and starts a new one on the same database file and clock (a clean restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClockedAppOptions {
  readonly fakes?: readonly FakeProvider[];
  readonly adapters?: readonly ProviderAdapter[];
  readonly timeoutMs?: number;
  readonly seed?: number;
  readonly over?: Partial<AppDeps>;
}

interface Booted {
  readonly url: string;
  readonly app: App;
  readonly stores: Stores;
  readonly health: HealthRegistry;
  close(): Promise<void>;
}

/**
 * The real app (createApp, the one wiring root) over HTTP and an on-disk SQLite file, with a
 * clock the test moves and no background sweep: windows, soft-failure timers and breaker
 * ejections can be crossed in milliseconds. Providers are HTTP adapters to the fakes, or
 * `adapters` as given.
 */
async function boot(
  options: ClockedAppOptions,
  files: ServerFiles,
  keys: KeyRing,
  clock: () => number,
): Promise<Booted> {
  const now = clock();
  const database = openDatabase(files.dbPath);
  const stores = createSqliteStores(database.sqlite);
  seedAccess(stores, { demoApiKey: TEST_API_KEY, adminKey: TEST_ADMIN_KEY }, now);
  const adapters =
    options.adapters ??
    (options.fakes ?? []).map((f) =>
      createHttpProviderAdapter({ id: f.id, url: f.url, timeoutMs: options.timeoutMs ?? 400 }),
    );
  const routes = adapters.map((a) => ({ provider: a.id, premium: false }));
  const table = activeConfig<RoutingTable>(
    stores,
    'routing',
    () => ({ countries: { DE: routes, US: routes, FR: routes } }),
    now,
  );
  const rewardConfig = activeConfig<RewardConfig>(
    stores,
    'reward',
    () => ({ weights: DEFAULT_REWARD_WEIGHTS, overrides: [] }),
    now,
  );
  const policy = createPolicy(defaultPolicyConfig('discounted-ts', table), {
    now: clock,
    random: mulberry32(options.seed ?? 7),
  });
  const health = new HealthRegistry();
  const engine = createRoutingEngine({ policy, table, rewardConfig, health });
  const app = createApp({
    stores,
    engine,
    adapters: new Map(adapters.map((a) => [a.id, a])),
    clock,
    keys,
    logger: createLogger('silent'),
    operatorOf: () => '262-01',
    processMetrics: false,
    benchmarksDir: '/nonexistent/bench-results',
    dashboardDir: '/nonexistent/dashboard',
    ...options.over,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  if (options.fakes) wireReceipts(options.fakes, url, keys);
  for (const f of options.fakes ?? []) f.clock = clock;
  return {
    url,
    app,
    stores,
    health,
    async close() {
      app.closeLiveStreams();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stores.drain();
      database.close();
    },
  };
}

/**
 * The real app (createApp, the one wiring root) over HTTP and an on-disk SQLite file, with a
 * clock the test moves and no background sweep: windows, soft-failure timers and breaker
 * ejections can be crossed in milliseconds. Providers are HTTP adapters to the fakes, or
 * `adapters` as given.
 */
export async function startClockedApp(options: ClockedAppOptions): Promise<ClockedApp> {
  let now = Date.now();
  const clock = () => now;
  const files = makeServerFiles();
  const keys = loadKeyFile(files.keyFile, { createIfMissing: true });
  let booted = await boot(options, files, keys, clock);
  return {
    get url() {
      return booted.url;
    },
    get app() {
      return booted.app;
    },
    get stores() {
      return booted.stores;
    },
    get health() {
      return booted.health;
    },
    files,
    keys,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    tick: () => booted.app.driver.tick(),
    async restart() {
      await booted.close();
      booted = await boot(options, files, keys, clock);
    },
    async stop() {
      await booted.close();
      rmSync(files.dir, { recursive: true, force: true });
    },
  };
}
