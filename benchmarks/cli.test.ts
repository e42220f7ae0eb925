import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_SCENARIO_FILE } from './scenario/standard-suite.js';

const tmp = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const aFile = join(tmp, 'a-file');
writeFileSync(aFile, 'x');

/** `npm run bench -- ...args` as a user runs it (the real CLI in a child process). */
function bench(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'benchmarks/cli.ts', '--quiet', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench (the CLI process)', () => {
  it('refuses an --out it cannot write before running anything, in one line', () => {
    // The whole standard suite: found only when the reports were written, this took a minute and lost it all.
    const r = bench('--out', join(aFile, 'results'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--out ${join(aFile, 'results')}: cannot write reports there (ENOTDIR)\n`);
    expect(r.stdout).toBe('');
  });

  it('refuses a --trace it cannot open before running anything, without a stack trace', () => {
    const r = bench('--scenario', TINY_SCENARIO_FILE, '--trace', join(tmp, 'missing', 'trace.jsonl'), '--out', tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--trace ${join(tmp, 'missing', 'trace.jsonl')}: cannot write there (ENOENT)\n`);
    expect(r.stdout).toBe('');
  });

  it('writes the trace and the reports of a run', () => {
    const trace = join(tmp, 'trace.jsonl');
    const r = bench(
      '--scenario',
      TINY_SCENARIO_FILE,
      '--policies',
      'discounted-ts',
      '--seeds',
      '1',
      '--trace',
      trace,
      '--out',
      tmp,
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    expect(r.stderr).toContain(`wrote ${lines.length.toLocaleString('en-US')} decision records to ${trace}`);
    expect(lines.length).toBeGreaterThan(500);
    for (const line of [lines[0], lines.at(-1)])
      expect(JSON.parse(line as string)).toMatchObject({ policy: 'discounted-ts' });
    expect(r.stdout).toContain(`tiny (1 seeds) -> ${tmp}/tiny/report.md`);
    expect(readFileSync(join(tmp, 'tiny', 'report.md'), 'utf8')).toContain('## Goals for the default policy');
  });
});
