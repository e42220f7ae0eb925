import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, parse, resolve, sep } from 'node:path';

/*
 * Output paths are checked before a run, not after it: a suite takes minutes, and an
 * unwritable --out found only when the reports are written loses all of it.
 */

/** An output path that cannot be written; the message is one line naming the option and the path. */
export class OutputPathError extends Error {
  override readonly name = 'OutputPathError';
}

/** The error's code (a file in the way of mkdir -p reads ENOTDIR), for one-line messages. */
export function errorCode(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code === 'EEXIST' ? 'ENOTDIR' : (e.code ?? e.message ?? String(error));
}

/**
 * Creates `dir` (with its parents) and checks that files can be created in it.
 * @throws OutputPathError naming `option` and `dir`
 */
export function prepareOutputDir(option: string, dir: string): void {
  try {
    makeDirectories(resolve(dir));
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new OutputPathError(`${option} ${dir}: cannot write reports there (${errorCode(error)})`);
  }
}

/**
 * Checks, without creating or truncating anything, that `file` could be written: it is not
 * a directory, and it is writable or its directory is.
 * @throws OutputPathError naming `option` and `file`
 */
export function checkWritableFile(option: string, file: string): void {
  try {
    let exists = true;
    try {
      if (statSync(file).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      exists = false;
    }
    accessSync(exists ? file : dirname(file), constants.W_OK);
  } catch (error) {
    throw new OutputPathError(`${option} ${file}: cannot write there (${errorCode(error)})`);
  }
}

/**
 * mkdir -p one component at a time. Node's `mkdirSync(dir, { recursive: true })` never returns
 * for a path under /proc (it retries the ENOENT procfs answers), so `--out /proc/x` hung.
 * @throws the first component's error (ENOTDIR when a file is in the way)
 */
function makeDirectories(absolute: string): void {
  const { root } = parse(absolute);
  let path = root;
  for (const part of absolute.slice(root.length).split(sep).filter(Boolean)) {
    path = path === root ? `${root}${part}` : `${path}${sep}${part}`;
    try {
      if (statSync(path).isDirectory()) continue;
      throw Object.assign(new Error(`${path} is not a directory`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
    try {
      mkdirSync(path);
    } catch (error) {
      // Another process may have made it in between.
      if ((error as { code?: string }).code !== 'EEXIST' || !statSync(path).isDirectory()) throw error;
    }
  }
}
