import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { loadKeyFile, type KeyRing } from '../../../server/security/key-file.js';
import { providerWebhookSecret } from '../../../server/security/webhook-secrets.js';
import { startServer, type RunningServer } from '../../../server/start-server.js';
import type { FakeProvider } from '../fake-provider.js';

export const TEST_API_KEY = 'rw_live_reliability_tenant_key_000000000001';
export const TEST_ADMIN_KEY = 'rw_admin_reliability_admin_key_00000000001';

export interface ServerFiles {
  readonly dir: string;
  readonly dbPath: string;
  readonly keyFile: string;
  readonly providersFile?: string;
}

export interface HttpProviderSpec {
  readonly id: string;
  readonly url: string;
  readonly timeoutMs?: number;
  readonly countries?: readonly string[];
  readonly webhookSecret?: string;
}

/** A temp folder with the database, key file and (optionally) providers file paths. */
export function makeServerFiles(providers?: readonly HttpProviderSpec[]): ServerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'rw-rel-'));
  const files = { dir, dbPath: join(dir, 'routewise.db'), keyFile: join(dir, 'keys.json') };
  if (!providers) return files;
  const providersFile = join(dir, 'providers.json');
  writeFileSync(providersFile, JSON.stringify(providers));
  return { ...files, providersFile };
}

/** The environment a reliability server runs with (also used for child processes). */
export function serverEnv(files: ServerFiles, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    ROUTEWISE_MODE: 'demo',
    ROUTEWISE_DB: files.dbPath,
    ROUTEWISE_KEY_FILE: files.keyFile,
    ROUTEWISE_DEMO_API_KEY: TEST_API_KEY,
    ROUTEWISE_ADMIN_KEY: TEST_ADMIN_KEY,
    ROUTEWISE_DEMO_TRAFFIC: '0',
    ROUTEWISE_TICK_MS: '50',
    ROUTEWISE_LOG_LEVEL: 'silent',
    ...(files.providersFile ? { ROUTEWISE_PROVIDERS_FILE: files.providersFile } : {}),
    ...extra,
  };
}

export interface TestServer {
  readonly url: string;
  readonly files: ServerFiles;
  readonly running: RunningServer;
  readonly keys: KeyRing;
  /** Shuts the server down and deletes its folder. */
  stop(): Promise<void>;
}

/** Points each fake provider's receipts at `url`, signed with the secret the server derives for it. */
export function wireReceipts(fakes: readonly FakeProvider[], url: string, keys: KeyRing): void {
  for (const f of fakes) f.setReceiptTarget(url, providerWebhookSecret(keys, f.id));
}

/**
 * The real server in this process on loopback, over an on-disk SQLite file in a temp folder.
 * With `fakes`, they are its only providers (ROUTEWISE_PROVIDERS_FILE) and their receipts
 * are wired to its webhook.
 */
export async function startTestServer(
  options: {
    fakes?: readonly FakeProvider[];
    timeoutMs?: number;
    env?: Record<string, string>;
    files?: ServerFiles;
  } = {},
): Promise<TestServer> {
  const specs = options.fakes?.map((f) => ({
    id: f.id,
    url: f.url,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  }));
  const files = options.files ?? makeServerFiles(specs);
  const config = loadConfig(serverEnv(files, options.env));
  const running = await startServer(config, createLogger('silent'));
  const keys = loadKeyFile(files.keyFile, { createIfMissing: false });
  if (options.fakes) wireReceipts(options.fakes, running.url, keys);
  return {
    url: running.url,
    files,
    running,
    keys,
    stop: async () => {
      await running.shutdown('test');
      if (!options.files) rmSync(files.dir, { recursive: true, force: true });
    },
  };
}
