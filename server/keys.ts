/**
 * `npm run keys -- init|rotate [--key-file FILE]`: the key file (`ROUTEWISE_KEY_FILE`, default
 * `./data/keys.json`) for production, where the server does not create one.
 *
 * - `init` writes a new file (mode 0600, folder 0700) with one key generation; it never
 *   overwrites an existing file.
 * - `rotate` adds a generation and makes it active, keeping the old ones, so stored numbers
 *   and codes still decrypt and verify with the key they were written under. The file is
 *   replaced atomically (written beside it, then renamed). Restart routewise to use it.
 *
 * Secrets never reach stdout or stderr: the command prints key ids only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { takeKeyFileOption } from './key-file-option.js';
import { createKeyEntry, loadKeyFile, serializeKeyRing, type KeyRing } from './security/key-file.js';

const USAGE = 'usage: npm run keys -- init|rotate [--key-file FILE]';

/** The next generation's id: k<n+1> after the highest k<n> in the ring. */
export function nextKeyId(ring: KeyRing): string {
  let highest = 0;
  for (const id of ring.byId.keys()) {
    const m = /^k(\d+)$/.exec(id);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  let n = highest + 1;
  while (ring.byId.has(`k${n}`)) n++;
  return `k${n}`;
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Runs the command; returns the exit code (0 done, 2 bad usage or a file problem). */
export function runKeys(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { out(text: string): void; err(text: string): void },
  now: () => Date = () => new Date(),
): number {
  const option = takeKeyFileOption(argv, env);
  if ('error' in option) {
    io.err(`${option.error}\n${USAGE}\n`);
    return 2;
  }
  const { path, args } = option;
  const [command, ...rest] = args;
  if (rest.length > 0 || (command !== 'init' && command !== 'rotate')) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  try {
    if (command === 'init') {
      if (existsSync(path)) {
        io.err(`keys: ${path} already exists; use "rotate" to add a key generation\n`);
        return 2;
      }
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const entry = createKeyEntry('k1', now().toISOString());
      writeFileSync(path, serializeKeyRing({ active: entry, byId: new Map([[entry.id, entry]]) }), {
        mode: 0o600,
        flag: 'wx',
      });
      io.out(`created ${path} (mode 0600) with active key k1\n`);
      return 0;
    }
    const ring = loadKeyFile(path, { createIfMissing: false });
    const entry = createKeyEntry(nextKeyId(ring), now().toISOString());
    const byId = new Map(ring.byId);
    byId.set(entry.id, entry);
    writeAtomically(path, serializeKeyRing({ active: entry, byId }));
    io.out(
      `rotated ${path}: active key ${entry.id}; kept ${[...ring.byId.keys()].join(', ')} for what was stored under them.\n` +
        'Restart routewise to use it. New rows hash numbers with the new key; failed-check counts stored under the\n' +
        'old ones still count (the in-memory per-number rate limits start afresh with the restart, as on any\n' +
        'restart). Receipt secrets derived from the key file change too; the old ones keep verifying\n' +
        'while their key stays in the file: run "npm run webhook-secret -- <provider>" and hand the new secret over.\n',
    );
    return 0;
  } catch (err) {
    io.err(`keys: ${(err as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runKeys(process.argv.slice(2), process.env, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
