import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resident memory (kB) and open file descriptors of the process, from /proc (Linux). */
  resources(): { rssKb: number; fds: number } | undefined;
}

/** Every child started here, so a failing test still kills them (see {@link killAllChildren}). */
const live = new Set<ChildProcess>();

/**
 * Runs `server/main.ts` (what `npm start` runs) as a child process with exactly `env` (plus
 * PATH and HOME) and resolves once it prints its URL.
 * @throws Error when it exits or stays silent for `timeoutMs`
 */
export function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      // Keep the tail only: a long run must not grow the test's memory.
      out = (out + chunk.toString()).slice(-20_000);
      const match = /routewise listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] && child.pid !== undefined) {
        clearTimeout(timer);
        const pid = child.pid;
        resolve({
          url: match[1],
          pid,
          child,
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
          resources: () => procResources(pid),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}

function procResources(pid: number): { rssKb: number; fds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return { rssKb: Number(rss ?? 0), fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** SIGKILLs every child still running (afterAll safety net). */
export function killAllChildren(): void {
  for (const c of live) c.kill('SIGKILL');
}
