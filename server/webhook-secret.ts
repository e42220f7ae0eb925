/**
 * `npm run webhook-secret -- <provider id> [--key-file FILE]`: prints the Standard Webhooks
 * secret routewise expects `<provider>`'s delivery receipts to be signed with, derived from the
 * key file (`ROUTEWISE_KEY_FILE`, default `./data/keys.json`), so the operator can give it to the
 * provider. A provider that issues its own secret is configured with `webhookSecret` in the
 * providers file instead (providers/README.md). The secret goes to stdout only, never to a log.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { takeKeyFileOption } from './key-file-option.js';
import { loadKeyFile } from './security/key-file.js';
import { providerWebhookSecret } from './security/webhook-secrets.js';

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const USAGE = 'usage: npm run webhook-secret -- <provider id> [--key-file FILE]';

/** Runs the command; returns the exit code (0 printed, 2 bad usage or unreadable key file). */
export function runWebhookSecret(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { out(text: string): void; err(text: string): void },
): number {
  const option = takeKeyFileOption(argv, env);
  if ('error' in option) {
    io.err(`${option.error}\n${USAGE}\n`);
    return 2;
  }
  const { path: keyFile, args } = option;
  if (args.length !== 1 || !PROVIDER_ID.test(args[0] ?? '')) {
    io.err(`${args.length === 1 ? `provider id must match ${PROVIDER_ID.source}, got "${args[0]}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    io.out(`${providerWebhookSecret(loadKeyFile(keyFile, { createIfMissing: false }), args[0] as string)}\n`);
    return 0;
  } catch (err) {
    io.err(`webhook-secret: ${(err as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runWebhookSecret(process.argv.slice(2), process.env, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
