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

/** A benchmark script run as `npm run bench:<name> -- ...args`. */
function script(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench:http and bench:engine options', () => {
  it('bench:http has --help, refuses a misspelt option or a bad number, and checks --out before starting any server', () => {
    const help = script('benchmarks/http-bench.ts', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--connections <n>');
    // Before, each of these was ignored (or read as NaN) and a 25 s load run started anyway.
    const typo = script('benchmarks/http-bench.ts', '--duraton', '3');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("error: unknown option '--duraton'\n(Did you mean --duration?)");
    const bad = script('benchmarks/http-bench.ts', '--connections', '0');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("argument '0' is invalid. must be an integer in [1, 1000]");
    const out = script('benchmarks/http-bench.ts', '--out', join(aFile, 'http.json'));
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`http-bench failed: --out ${aFile}: cannot write reports there (ENOTDIR)\n`);
    expect(out.stdout).toBe('');
  });

  it('bench:engine has --help and refuses a bad --iterations instead of silently timing 200,000', () => {
    const help = script('benchmarks/engine-bench.ts', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--iterations <n>');
    const bad = script('benchmarks/engine-bench.ts', '--iterations', 'abc');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "option '--iterations <n>' argument 'abc' is invalid. must be an integer in [1000, 100000000]",
    );
    expect(bad.stdout).toBe('');
  });
});
