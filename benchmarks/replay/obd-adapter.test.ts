import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_WEIGHTS } from '../../engine/reward/reward-weights.js';
import { readOpenBanditCsv } from './obd-adapter.js';
import { evaluateOffPolicy } from './ope/evaluate-off-policy.js';
import { uniformPolicy } from './replay-policy.js';

/** Shared, read-only sample of the Open Bandit Dataset (not copied into the repository); override with OBD_DIR. */
const OBD = process.env.OBD_DIR ?? '/work/shared/data/open-bandit-dataset';

describe.skipIf(!existsSync(join(OBD, 'obd_bts_men.csv')))('Open Bandit Dataset adapter', () => {
  it('estimates the uniform policy from the Thompson-sampling log close to its own on-policy click rate', async () => {
    const random = await readOpenBanditCsv(join(OBD, 'obd_random_men.csv'));
    const bts = await readOpenBanditCsv(join(OBD, 'obd_bts_men.csv'));
    expect(random).toHaveLength(10_000);
    expect(new Set(bts.map((r) => r.provider)).size).toBe(34);
    const onPolicy = random.filter((r) => r.outcome?.completed).length / random.length;
    const report = evaluateOffPolicy(bts, uniformPolicy(), {
      weights: DEFAULT_REWARD_WEIGHTS,
      resamples: 100,
      seed: 1,
    });
    const byName = Object.fromEntries(report.estimates.map((e) => [e.estimator, e]));
    // The ground truth is itself a 10,000-row mean of a ~0.5% rate (sd ~0.0007): ask for the
    // right order of magnitude and an interval that reaches it.
    for (const e of ['ips', 'snips', 'dr'] as const) {
      expect(byName[e]?.estimate).toBeGreaterThan(onPolicy / 3);
      expect(byName[e]?.estimate).toBeLessThan(onPolicy * 3);
    }
    expect(byName.dr?.lower).toBeLessThan(onPolicy);
    expect(byName.dr?.upper).toBeGreaterThan(onPolicy * 0.5);
    expect(report.maxRawWeight).toBeGreaterThan(10);
  });
});
