/**
 * `npm start`: routewise on one machine — the HTTP API over SQLite, the simulated provider
 * network, demo traffic and (once built) the dashboard, in one process.
 */
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './start-server.js';
import { StartupError } from './startup-error.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`routewise: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);
  for (const { label, key } of running.access.generated) {
    // Printed once, on the first start, to the terminal only (never to the log stream).
    process.stdout.write(`${label} (shown once, store it now): ${key}\n`);
  }
  process.stdout.write(`routewise listening on ${running.url}\n`);
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    running.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof StartupError) {
    process.stderr.write(`routewise failed to start: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`routewise failed to start: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
