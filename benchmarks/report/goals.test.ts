import { describe, expect, it } from 'vitest';
import type { PolicySummary } from '../metrics/aggregate.js';
import { checkSpeed } from './goals.js';
import type { ScenarioReport } from './scenario-report.js';
import { renderSuiteSummary } from './write-report.js';

/** A policy's summary with only what the speed check reads: per-seed rates and their mean. */
function timed(policy: string, rates: readonly number[]): PolicySummary {
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return {
    policy,
    perSeed: rates.map((decisionsPerSecond, i) => ({ seed: i + 1, timing: { wallMs: 1_000, decisionsPerSecond } })),
    decisionsPerSecond: { mean, halfWidth: 0, n: rates.length },
  } as unknown as PolicySummary;
}

describe('checkSpeed', () => {
  it('judges the mean of the seeds, and shows the median and the slowest seed beside it', () => {
    // A cold first seed (JIT warm-up) pulls the mean under the goal though most seeds are above it.
    const cold = checkSpeed([timed('discounted-ts', [30_000, 104_000, 110_000, 108_000])]);
    expect(cold?.status).toBe('MISS');
    expect(cold?.goal).toBe('simulated replay >= 100,000 decisions/s on one core');
    expect(cold?.detail).toContain('mean 88,000 over 4 seeds (median 106,000, slowest 30,000;');
    expect(checkSpeed([timed('discounted-ts', [100_000, 120_000, 101_000])])).toMatchObject({
      status: 'PASS',
      detail: expect.stringContaining('mean 107,000 over 3 seeds (median 101,000, slowest 100,000;') as string,
    });
  });

  it('applies only when the default policy ran, whatever the peers measured', () => {
    expect(checkSpeed([timed('sw-success-rate', [500_000])])).toBeNull();
    expect(checkSpeed([timed('discounted-ts', [])])).toBeNull();
  });
});

describe('renderSuiteSummary', () => {
  it('lists a missed speed goal among the misses, not "All applicable goals PASS"', () => {
    const report = (name: string, rates: number[]) =>
      ({
        scenario: { name },
        gitCommit: 'abc',
        goals: [{ goal: 'completion >= 98% of dynamic-oracle', status: 'PASS', detail: 'ratio 0.999' }],
        speed: checkSpeed([timed('discounted-ts', rates)]),
      }) as unknown as ScenarioReport;
    const md = renderSuiteSummary([report('fast', [120_000]), report('slow', [80_000])], 'npm run bench');
    expect(md).toContain('Goals missed (1):');
    expect(md).toContain('- slow: simulated replay >= 100,000 decisions/s on one core');
    expect(md).toMatch(/## fast[\s\S]*\| simulated replay >= 100,000 decisions\/s on one core \| \*\*PASS\*\* \| mean 120,000/);
    expect(renderSuiteSummary([report('fast', [120_000])], 'npm run bench')).toContain('All applicable goals PASS.');
  });
});
