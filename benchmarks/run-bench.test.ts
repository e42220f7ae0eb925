import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, type BenchOptions } from './run-bench.js';
import { TINY_SCENARIO_FILE } from './scenario/standard-suite.js';
import { ALL_POLICIES } from './sim/run-scenario.js';

const sink = () => {
  const chunks: string[] = [];
  return { write: (t: string) => chunks.push(t), text: () => chunks.join('') };
};

function options(out: string, overrides: Partial<BenchOptions> = {}): BenchOptions {
  const stdout = sink();
  return {
    files: [TINY_SCENARIO_FILE],
    policies: [...ALL_POLICIES],
    seeds: 2,
    out,
    jobs: 1,
    progress: true,
    command: 'test',
    stdout,
    stderr: sink(),
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** results.json without the wall-clock fields (timestamps, decisions per second and the speed goal judged on them). */
function deterministicPart(file: string): string {
  const drop = new Set(['generatedAt', 'timing', 'decisionsPerSecond', 'speed']);
  return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), (k, v: unknown) => (drop.has(k) ? undefined : v));
}

describe('benchmark harness (tiny scenario smoke test)', () => {
  it('runs every policy and both oracles and writes results.json, report.md and charts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-'));
    const stdout = sink();
    const [report] = await runBench(options(out, { stdout }));
    const dir = join(out, 'tiny');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(results.seeds).toEqual([1, 2]);
    expect(results.policies.map((p: { policy: string }) => p.policy)).toEqual(ALL_POLICIES);
    expect(results.policies[0].perSeed).toHaveLength(2);
    expect('gitCommit' in results).toBe(true);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('## Goals for the default policy');
    expect(md).toMatch(/\*\*(PASS|MISS)\*\*/);
    for (const chart of ['completion-over-time.svg', 'cumulative-regret.svg', 'cost-per-completed.svg']) {
      expect(existsSync(join(dir, chart)), chart).toBe(true);
      expect(md).toContain(`](${chart})`);
    }
    expect(md).toMatch(/share-DE_262-0\d_standard\.svg/);
    expect(stdout.text()).toContain('decisions/s');
    // The speed goal is judged on the printed figure, the mean of the default policy's seeds.
    expect(results.speed.status).toMatch(/^(PASS|MISS)$/);
    const dts = report?.policies.find((p) => p.policy === 'discounted-ts');
    expect(results.speed.detail).toContain(`mean ${Math.round(dts?.decisionsPerSecond.mean ?? NaN).toLocaleString('en-US')} over 2 seeds`);
    expect(md).toContain('simulated replay >= 100,000 decisions/s on one core');
    expect(stdout.text()).toMatch(/\[(PASS|MISS)\] simulated replay >= 100,000 decisions\/s on one core: mean /);
    // The dynamic oracle has no regret against itself; every learner has some.
    const oracle = report?.policies.find((p) => p.policy === 'dynamic-oracle');
    expect(oracle?.metrics.regret.mean).toBe(0);
    const rr = report?.policies.find((p) => p.policy === 'round-robin');
    expect(rr?.metrics.regret.mean).toBeGreaterThan(0);
    for (const p of report?.policies ?? []) {
      expect(p.metrics.completionRate.mean).toBeGreaterThan(0.8);
      expect(p.metrics.completionRate.mean).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic: the same seeds give identical results apart from timestamps and timings', async () => {
    const policies = ['discounted-ts', 'static-chain', 'dynamic-oracle', 'best-fixed'];
    const a = mkdtempSync(join(tmpdir(), 'bench-a-'));
    const b = mkdtempSync(join(tmpdir(), 'bench-b-'));
    await runBench(options(a, { policies, seeds: 1, now: () => new Date('2026-01-01T00:00:00Z') }));
    await runBench(options(b, { policies, seeds: 1, now: () => new Date('2027-06-01T00:00:00Z') }));
    expect(deterministicPart(join(a, 'tiny', 'results.json'))).toBe(deterministicPart(join(b, 'tiny', 'results.json')));
    expect(readFileSync(join(a, 'tiny', 'results.json'), 'utf8')).not.toBe(
      readFileSync(join(b, 'tiny', 'results.json'), 'utf8'),
    );
  });

  it('replaces every scenario\'s reward weights with --reward: recorded, hashed, and the oracle follows them', async () => {
    const policies = ['dynamic-oracle'];
    const plain = mkdtempSync(join(tmpdir(), 'bench-w0-'));
    const dear = mkdtempSync(join(tmpdir(), 'bench-w1-'));
    const [base] = await runBench(options(plain, { policies }));
    const [costly] = await runBench(options(dear, { policies, reward: { cost: 1.5 } }));
    expect(base?.scenario.reward).toEqual({ completion: 0.6, latency: 0.2, cost: 0.2 });
    expect(costly?.scenario.reward).toEqual({ completion: 0.6, latency: 0.2, cost: 1.5 });
    expect(costly?.scenario.hash).not.toBe(base?.scenario.hash);
    expect(JSON.parse(readFileSync(join(dear, 'tiny', 'results.json'), 'utf8')).scenario.reward.cost).toBe(1.5);
    expect(readFileSync(join(dear, 'tiny', 'report.md'), 'utf8')).toContain('- reward weights: completion 0.6, latency 0.2, cost 1.5');
    // An oracle paid mostly for cheapness buys cheaper completions.
    const cost = (r: typeof base) => r?.policies[0]?.metrics.costPerCompleted.mean ?? Number.NaN;
    expect(cost(costly)).toBeLessThan(cost(base) * 0.99);
    // Out-of-range weights are the scenario's errors, named.
    await expect(runBench(options(dear, { policies, reward: { completion: 0 } }))).rejects.toThrow(/reward.completion/);
  });

  it('writes each scenario\'s reports when its last seed is in, so a run that fails later keeps them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-partial-'));
    const second = join(out, 'tiny-b.json');
    writeFileSync(second, JSON.stringify({ ...JSON.parse(readFileSync(TINY_SCENARIO_FILE, 'utf8')), name: 'tiny-b' }));
    const stdout = sink();
    let records = 0;
    const run = runBench(
      options(out, {
        files: [TINY_SCENARIO_FILE, second],
        policies: ['static-chain'],
        stdout,
        // A failure in the second scenario's run (a full disk under --trace, say).
        trace: () => {
          records++;
          if (existsSync(join(out, 'tiny', 'results.json'))) throw new Error('ENOSPC: no space left on device');
        },
      }),
    );
    await expect(run).rejects.toThrow('ENOSPC');
    expect(records).toBeGreaterThan(500);
    expect(JSON.parse(readFileSync(join(out, 'tiny', 'results.json'), 'utf8')).seeds).toEqual([1, 2]);
    expect(existsSync(join(out, 'tiny', 'report.md'))).toBe(true);
    expect(stdout.text()).toContain(`tiny (2 seeds) -> ${out}/tiny/report.md`);
    expect(existsSync(join(out, 'tiny-b'))).toBe(false);
  });

  it('writes one decision record per attempt with --trace', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-trace-'));
    const records: unknown[] = [];
    await runBench(options(out, { policies: ['discounted-ts'], seeds: 1, trace: (r) => records.push(r) }));
    expect(records.length).toBeGreaterThan(500);
    expect(records[0]).toMatchObject({
      verificationId: expect.stringMatching(/^discounted-ts-s1-\d+$/),
      attemptNumber: expect.any(Number),
      policy: 'discounted-ts',
      propensity: expect.any(Number),
      outcome: expect.objectContaining({ accepted: expect.any(Boolean), cost: expect.any(Number) }),
      reward: expect.any(Number),
    });
    // Every completed or receipted attempt carries when its code landed, counted from the request.
    const outcomes = (
      records as { outcome: { delivered: boolean; completed: boolean; latencyMs: number; signalMs?: number } }[]
    ).map((r) => r.outcome);
    const landed = outcomes.filter((o) => o.completed || o.delivered);
    expect(landed.length).toBeGreaterThan(400);
    for (const o of landed) expect(o.signalMs).toBeGreaterThan(0);
    for (const o of outcomes.filter((x) => !x.completed && !x.delivered)) expect(o).not.toHaveProperty('signalMs');
  });
});
