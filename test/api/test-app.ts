import type { Server } from 'node:http';
import { openDatabase, type OpenedDatabase } from '../../db/open-database.js';
import { createSqliteStores } from '../../db/sqlite/create-sqlite-stores.js';
import type { Stores } from '../../db/stores/stores.js';
import { HealthRegistry } from '../../engine/health/health-registry.js';
import { createPolicy, defaultPolicyConfig } from '../../engine/learning/create-policy.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import { DEFAULT_REWARD_WEIGHTS, type RewardConfig } from '../../engine/reward/reward-weights.js';
import { mulberry32 } from '../../engine/rng.js';
import { createRoutingEngine } from '../../engine/routing-engine.js';
import type { RoutingTable } from '../../engine/routing-table.js';
import type { ProviderAdapter, SendRequest, SendResult } from '../../providers/provider-adapter.js';
import { createApp, type App, type AppDeps } from '../../server/create-app.js';
import { createLogger } from '../../server/logger.js';
import { createKeyEntry, type KeyRing } from '../../server/security/key-file.js';
import { signWebhook } from '../../server/security/webhook-signature.js';
import { providerWebhookSecret } from '../../server/security/webhook-secrets.js';
import { seedAccess } from '../../server/seed-access.js';
import { activeConfig } from '../../server/settings/config-versions.js';

export const ADMIN_KEY = 'rw_admin_test_0123456789abcdefghij';
export const TENANT_KEY = 'rw_live_test_0123456789abcdefghijk';
export const PROVIDERS = ['fake-a', 'fake-b'] as const;
/** A valid German mobile number (libphonenumber: MOBILE). */
export const PHONE = '+4915112345678';

/** One message the fake providers accepted. */
export interface SentMessage {
  readonly request: SendRequest;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly code: string;
}

export interface TestApp {
  readonly url: string;
  readonly app: App;
  readonly stores: Stores;
  readonly database: OpenedDatabase;
  readonly keys: KeyRing;
  readonly sent: SentMessage[];
  /** Reject every send of these providers (hard failure -> failover). */
  readonly rejecting: Set<string>;
  now(): number;
  advance(ms: number): void;
  /** fetch against the app with the admin key (or `key`). */
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  json<T = Record<string, unknown>>(
    path: string,
    init?: RequestInit & { key?: string | null },
  ): Promise<{ status: number; body: T }>;
  /** Creates a verification as the tenant and waits for its first send. */
  createVerification(
    body?: Record<string, unknown>,
  ): Promise<{ id: string; attempts: { id: string; provider: string }[] }>;
  /** Posts a correctly signed receipt; `over` changes the signing inputs. */
  postReceipt(
    provider: string,
    body: unknown,
    over?: { id?: string; timestamp?: number; signature?: string | null },
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real app over HTTP on an in-memory SQLite, with two fake providers that accept (or
 * reject) at once and never send receipts by themselves, and a clock the test moves. The
 * policy is discounted Thompson sampling unless `options.policy` names another kind.
 */
export async function startTestApp(
  over: Partial<AppDeps> = {},
  options: { readonly policy?: PolicyKind } = {},
): Promise<TestApp> {
  let now = Date.UTC(2025, 5, 2, 12, 0, 0);
  const clock = () => now;
  const database = openDatabase(':memory:');
  const stores = createSqliteStores(database.sqlite);
  seedAccess(stores, { demoApiKey: TENANT_KEY, adminKey: ADMIN_KEY }, now);
  const entry = createKeyEntry('k1', new Date(now).toISOString());
  const keys: KeyRing = { active: entry, byId: new Map([[entry.id, entry]]) };
  const rewardConfig = activeConfig<RewardConfig>(
    stores,
    'reward',
    () => ({ weights: DEFAULT_REWARD_WEIGHTS, overrides: [] }),
    now,
  );
  const routes = PROVIDERS.map((provider) => ({ provider, premium: true }));
  const table = activeConfig<RoutingTable>(stores, 'routing', () => ({ countries: { DE: routes, FR: routes } }), now);
  const policy = createPolicy(defaultPolicyConfig(options.policy ?? 'discounted-ts', table), {
    now: clock,
    random: mulberry32(7),
  });
  const engine = createRoutingEngine({ policy, table, rewardConfig, health: new HealthRegistry() });

  const sent: SentMessage[] = [];
  const rejecting = new Set<string>();
  let seq = 0;
  const adapters = new Map<string, ProviderAdapter>(
    PROVIDERS.map((id) => [
      id,
      {
        id,
        send: (request: SendRequest): Promise<SendResult> => {
          if (rejecting.has(id))
            return Promise.resolve({ status: 'rejected', errorClass: 'provider_error', retryable: false });
          const providerMessageId = `${id}-msg-${++seq}`;
          sent.push({ request, provider: id, providerMessageId, code: /(\d{6})/.exec(request.body)?.[1] ?? '' });
          return Promise.resolve({ status: 'accepted', providerMessageId, cost: id === 'fake-a' ? 0.04 : 0.02 });
        },
      },
    ]),
  );

  const app = createApp({
    stores,
    engine,
    adapters,
    clock,
    keys,
    logger: createLogger('silent'),
    operatorOf: () => '262-01',
    processMetrics: false,
    benchmarksDir: '/nonexistent/bench-results',
    dashboardDir: '/nonexistent/dashboard',
    ...over,
  });
  app.recorder.start();
  const server: Server = await new Promise((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const call = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key = ADMIN_KEY, headers, ...rest } = init;
    const h = new Headers(headers);
    if (key !== null) h.set('Authorization', `Bearer ${key}`);
    if (rest.body !== undefined && !h.has('Content-Type')) h.set('Content-Type', 'application/json');
    return fetch(`${url}${path}`, { ...rest, headers: h });
  };
  const json = async <T>(path: string, init?: RequestInit & { key?: string | null }) => {
    const res = await call(path, init);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  return {
    url,
    app,
    stores,
    database,
    keys,
    sent,
    rejecting,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    call,
    json,
    async createVerification(body = {}) {
      const res = await json<{ id: string; attempts: { id: string; provider: string }[] }>('/v1/verifications', {
        method: 'POST',
        key: TENANT_KEY,
        body: JSON.stringify({ to: PHONE, action: 'login', ...body }),
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      // The send runs after the response; give it a turn of the event loop.
      await new Promise((r) => setTimeout(r, 5));
      return res.body;
    },
    postReceipt(provider, body, o = {}) {
      const raw = JSON.stringify(body);
      const id = o.id ?? `wh_${++seq}`;
      const timestamp = o.timestamp ?? Math.floor(now / 1000);
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      const signature =
        o.signature === undefined
          ? signWebhook(providerWebhookSecret(keys, provider), id, timestamp, raw)
          : o.signature;
      if (signature !== null) headers['webhook-signature'] = signature;
      return fetch(`${url}/v1/receipts/${provider}`, { method: 'POST', headers, body: raw });
    },
    async close() {
      app.recorder.stop();
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
