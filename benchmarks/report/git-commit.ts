import { execFileSync } from 'node:child_process';

/** `git rev-parse HEAD` in `cwd`, or null outside a repository, before the first commit, or without git. */
export function gitCommit(cwd: string = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
