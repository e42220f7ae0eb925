import { z } from 'zod';
import { POLICY_KINDS } from '../engine/learning/policy.js';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true');

const ms = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Environment variables, parsed once at start-up (STYLE.md 6: fail fast, never fall back on garbage). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ROUTEWISE_MODE: z.enum(['demo', 'production']).default('demo'),
  ROUTEWISE_DB: z.string().min(1).default('./data/routewise.db'),
  ROUTEWISE_KEY_FILE: z.string().min(1).optional(),
  ROUTEWISE_DEMO_API_KEY: z.string().min(24).max(200).optional(),
  ROUTEWISE_ADMIN_KEY: z.string().min(24).max(200).optional(),
  ROUTEWISE_DEMO_TRAFFIC: flag.default(true),
  /** Demo verifications per second. */
  ROUTEWISE_DEMO_RATE: z.coerce.number().min(0.1).max(500).default(4),
  ROUTEWISE_SEED: z.coerce.number().int().default(42),
  ROUTEWISE_POLICY: z.enum(POLICY_KINDS).default('discounted-ts'),
  /** How often due timers (soft-failure budgets, windows) are swept. */
  ROUTEWISE_TICK_MS: ms(200, 10, 5_000),
  /** How often learned state is persisted and a weight-history snapshot taken. */
  ROUTEWISE_SNAPSHOT_INTERVAL_MS: ms(10_000, 100, 3_600_000),
  /** Days verifications (with attempts, receipts, transitions) and routing history are kept; 0 keeps everything. */
  ROUTEWISE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3_650).default(30),
  ROUTEWISE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Trust X-Forwarded-For from this many proxy hops (0 = use the socket address). */
  ROUTEWISE_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  ROUTEWISE_DASHBOARD_DIR: z.string().min(1).optional(),
  /** JSON list of HTTP providers (providers/README.md, "HTTP providers"); replaces the simulated network when set. */
  ROUTEWISE_PROVIDERS_FILE: z.string().min(1).optional(),
});

export type ServerConfig = Readonly<{
  port: number;
  host: string;
  mode: 'demo' | 'production';
  dbPath: string;
  keyFile: string;
  demoApiKey?: string;
  adminKey?: string;
  demoTraffic: boolean;
  demoRate: number;
  seed: number;
  policy: (typeof POLICY_KINDS)[number];
  tickMs: number;
  snapshotIntervalMs: number;
  /** 0: keep everything. */
  retentionDays: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  trustProxyHops: number;
  dashboardDir?: string;
  providersFile?: string;
}>;

/**
 * Parses the environment. @throws Error listing every invalid variable, so start-up fails
 * with one clear message instead of running on a default the operator did not mean.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.ROUTEWISE_MODE === 'production' && !e.ROUTEWISE_KEY_FILE) {
    throw new Error('invalid environment:\n  ROUTEWISE_KEY_FILE: required when ROUTEWISE_MODE=production');
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    mode: e.ROUTEWISE_MODE,
    dbPath: e.ROUTEWISE_DB,
    keyFile: e.ROUTEWISE_KEY_FILE ?? './data/keys.json',
    demoApiKey: e.ROUTEWISE_DEMO_API_KEY,
    adminKey: e.ROUTEWISE_ADMIN_KEY,
    demoTraffic: e.ROUTEWISE_DEMO_TRAFFIC,
    demoRate: e.ROUTEWISE_DEMO_RATE,
    seed: e.ROUTEWISE_SEED,
    policy: e.ROUTEWISE_POLICY,
    tickMs: e.ROUTEWISE_TICK_MS,
    snapshotIntervalMs: e.ROUTEWISE_SNAPSHOT_INTERVAL_MS,
    retentionDays: e.ROUTEWISE_RETENTION_DAYS,
    logLevel: e.ROUTEWISE_LOG_LEVEL,
    trustProxyHops: e.ROUTEWISE_TRUST_PROXY_HOPS,
    dashboardDir: e.ROUTEWISE_DASHBOARD_DIR,
    providersFile: e.ROUTEWISE_PROVIDERS_FILE,
  });
}
