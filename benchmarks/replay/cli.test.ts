import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const csv = join(here, 'fixtures', 'example-trace.csv');
const jsonl = join(here, 'fixtures', 'example-trace.jsonl');
const exported = join(here, 'fixtures', 'example-export.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'replay-cli-'));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('replay CLI (smoke, on the example traces)', () => {
  it('ope: prints a table for every estimator and writes JSON', async () => {
    const outFile = join(tmp, 'ope.json');
    const { code, out, err } = await run(
      'ope',
      '--trace',
      csv,
      '--policy',
      'discounted-ts',
      '--warm-start',
      '0.5',
      '--resamples',
      '50',
      '--out',
      outFile,
    );
    expect(code).toBe(0);
    for (const e of ['ips', 'snips', 'dm', 'dr'])
      expect(out).toMatch(new RegExp(`^\\| ${e} \\| 0\\.\\d{4} \\| \\[`, 'm'));
    expect(err).toContain('2001 lines, 2000 rows: 2000 valid');
    const json = JSON.parse(readFileSync(outFile, 'utf8')) as {
      command: string;
      report: { samples: number; warmStartSamples: number };
    };
    expect(json.command).toBe('ope');
    expect(json.report).toMatchObject({ samples: 1000, warmStartSamples: 1000, warnings: [] });
    expect(out).toContain('Overlap: mean importance weight');
    expect(out).not.toContain('**Warning:**');
  });

  it('ope: warns that a learning target without --warm-start is scored untrained', async () => {
    const { code, out } = await run('ope', '--trace', csv, '--policy', 'discounted-ts', '--resamples', '10');
    expect(code).toBe(0);
    expect(out).toContain('**Warning:** `discounted-ts` learns, but OPE evaluates it frozen');
    const fixed = await run('ope', '--trace', csv, '--policy', 'static-chain', '--resamples', '10');
    expect(fixed.out).not.toContain('evaluates it frozen');
  });

  it('ope: the logged policy under new weights, from the decision export', async () => {
    const weights = join(tmp, 'w.json');
    writeFileSync(weights, JSON.stringify({ completion: 0.4, latency: 0, cost: 0.6 }));
    const { code, out } = await run(
      'ope',
      '--trace',
      exported,
      '--policy',
      'logged',
      '--weights',
      weights,
      '--resamples',
      '20',
    );
    expect(code).toBe(0);
    expect(out).toContain('200 samples evaluated');
  });

  it('model: replays policies on the fitted world and lists thin cells', async () => {
    const { code, out } = await run('model', '--trace', csv, '--policies', 'discounted-ts,static-chain');
    expect(code).toBe(0);
    expect(out).toMatch(/^\| discounted-ts \| 2000 \| \d+\.\d%/m);
    expect(out).toMatch(/decisions\/s/);
    expect(out).toMatch(/^\| ID:unknown:standard \| sim-gamma \| \d+ \| /m);
  });

  it('engine: runs the verifications through the engine on the fitted world, with progress and JSON', async () => {
    const out = join(tmp, 'engine.json');
    const r = await run('engine', '--trace', exported, '--policies', 'discounted-ts,static-chain', '--seeds', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\| logged \(the trace itself\) \| \d+\.\d% \|/m);
    expect(r.out).toMatch(/^\| static-chain \| \d+\.\d% ± \d+\.\d \|/m);
    expect(r.out).toMatch(/^- DE: sim-alpha/m);
    expect(r.err).toMatch(/^\[4\/4\] seed 2 static-chain: completion \d+\.\d%, [\d,]+ decisions\/s$/m);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { command: string; report: { seeds: number; policies: { policy: string }[] } };
    expect(json.command).toBe('engine');
    expect(json.report.seeds).toBe(2);
    expect(json.report.policies.map((p) => p.policy)).toEqual(['discounted-ts', 'static-chain']);
  });

  it('engine: names an unknown policy and a bad --max-attempts', async () => {
    const bad = await run('engine', '--trace', exported, '--policies', 'discounted-ts,fastest');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('policy must be one of');
    expect(bad.err).toContain('got "fastest"');
    const attempts = await run('engine', '--trace', exported, '--policies', 'static-chain', '--max-attempts', '9');
    expect(attempts.code).toBe(1);
    expect(attempts.err).toContain('--max-attempts must be at most 5');
  });

  it('what-if: shows reward and routing shifts', async () => {
    const weights = join(tmp, 'w2.json');
    writeFileSync(weights, JSON.stringify({ latency: 0.5, cost: 0 }));
    const { code, out } = await run('what-if', '--trace', jsonl, '--weights', weights);
    expect(code).toBe(0);
    expect(out).toContain('### How `discounted-ts` would route');
    expect(out).toMatch(/^\| DE:262-01:standard \| \d+ \| sim-alpha \| /m);
  });

  it('rejects invalid rows with line numbers unless --skip-invalid', async () => {
    const lines = readFileSync(csv, 'utf8').split('\n').slice(0, 30);
    lines[4] = (lines[4] ?? '').replace(',standard,', ',gold,');
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const strict = await run('model', '--trace', bad, '--policies', 'uniform');
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('line 5: route_class must be one of premium, standard, got "gold"');
    expect(strict.err).toContain('error: invalid rows');
    const lenient = await run('model', '--trace', bad, '--policies', 'uniform', '--skip-invalid');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('| logged (actual outcomes) | 28 |');
  });

  it.each([
    [['ope', '--trace', csv, '--policy', 'best'], 'error: policy must be one of discounted-ts'],
    [['ope', '--trace', csv], "error: required option '--policy <name>' not specified"],
    [
      ['model', '--trace', csv, '--policies', 'uniform', '--min-cell', '0'],
      "error: option '--min-cell <n>' argument '0' is invalid. must be an integer >= 1",
    ],
  ])('fails clearly on %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(1);
    expect(err).toContain(message);
  });

  it('checks --out before reading the trace or running anything', async () => {
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    const weights = join(tmp, 'w-out.json');
    writeFileSync(weights, JSON.stringify({ cost: 0.4 }));
    for (const command of [
      ['engine', '--trace', csv, '--policies', 'discounted-ts'],
      ['what-if', '--trace', csv, '--weights', weights],
    ]) {
      const { code, out, err } = await run(...command, '--out', join(blocker, 'report.json'));
      expect(code).toBe(1);
      expect(out).toBe('');
      // Nothing was read: the trace's progress and summary never appear.
      expect(err).toBe(`error: --out ${join(blocker, 'report.json')}: cannot write there (ENOTDIR)\n`);
    }
  });

  it('runs as a script through tsx', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(here, 'cli.ts'), 'ope', '--trace', exported, '--policy', 'uniform', '--resamples', '10'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toContain('## Off-policy evaluation of `uniform`');
  });
});
