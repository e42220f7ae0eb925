import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWritableFile, OutputPathError, prepareOutputDir } from './output-paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'output-files-'));
const aFile = join(tmp, 'a-file');
writeFileSync(aFile, 'x');

describe('output paths are checked before a run', () => {
  it('prepareOutputDir creates missing directories and refuses a path under a file, naming option and path', () => {
    const dir = join(tmp, 'new', 'nested');
    prepareOutputDir('--out', dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(() => prepareOutputDir('--out', join(aFile, 'sub'))).toThrow(OutputPathError);
    expect(() => prepareOutputDir('--out', join(aFile, 'sub'))).toThrow(
      `--out ${join(aFile, 'sub')}: cannot write reports there (ENOTDIR)`,
    );
  });

  it.runIf(existsSync('/proc/self'))(
    'refuses a path under /proc at once (recursive mkdir never returned there)',
    () => {
      expect(() => prepareOutputDir('--out', '/proc/routewise-bench')).toThrow(
        '--out /proc/routewise-bench: cannot write reports there (ENOENT)',
      );
    },
  );

  it('checkWritableFile accepts a new or existing file and refuses a directory or a missing parent, creating nothing', () => {
    checkWritableFile('--out', join(tmp, 'fresh.json'));
    checkWritableFile('--out', aFile);
    expect(readFileSync(aFile, 'utf8')).toBe('x');
    expect(() => checkWritableFile('--out', tmp)).toThrow(/cannot write there \(EISDIR\)/);
    expect(() => checkWritableFile('--out', join(tmp, 'missing', 'r.json'))).toThrow(/cannot write there \(ENOENT\)/);
    expect(() => statSync(join(tmp, 'fresh.json'))).toThrow(/ENOENT/);
  });
});
