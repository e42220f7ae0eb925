import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { csvRecords, isCsvError } from './csv-records.js';

/**
 * Reads an Open Bandit Dataset CSV (Saito et al. 2021, ZOZOTOWN; columns `timestamp, item_id,
 * position, click, propensity_score, ...`) as DecisionRecords, to check the estimators on real,
 * externally produced logs: each item is a provider, `click` is completion (zero latency and cost,
 * so the reward is the click under any weights), the slot `position` (1-3) becomes the operator
 * `440-0<position>` so each slot is its own segment. User features are dropped.
 * @throws TypeError when a required column is missing or a row is malformed
 */
export async function readOpenBanditCsv(path: string): Promise<DecisionRecord[]> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const out: DecisionRecord[] = [];
  let cols: Record<string, number> | undefined;
  for await (const rec of csvRecords(lines)) {
    if (isCsvError(rec)) throw new TypeError(`${path} line ${rec.line}: ${rec.message}`);
    if (!cols) {
      cols = Object.fromEntries(rec.fields.map((h, i) => [h, i]));
      for (const c of ['timestamp', 'item_id', 'position', 'click', 'propensity_score'])
        if (!(c in cols)) throw new TypeError(`${path}: missing column ${c}`);
      continue;
    }
    const get = (c: string) => rec.fields[cols?.[c] ?? -1] ?? '';
    const at = Date.parse(get('timestamp').replace(' ', 'T'));
    const propensity = Number(get('propensity_score'));
    if (!Number.isFinite(at) || !(propensity > 0 && propensity <= 1))
      throw new TypeError(`${path} line ${rec.line}: bad timestamp or propensity_score`);
    const context = {
      country: 'JP',
      operator: `440-0${get('position')}`,
      routeClass: 'standard' as const,
      action: 'login' as const,
      tenant: 'obd',
      fraudScore: 0,
      windowMs: 300_000,
    };
    out.push({
      attemptId: `obd:${rec.line}`,
      verificationId: `obd:${rec.line}`,
      attemptNumber: 1,
      at,
      context,
      segment: segmentKey(context),
      provider: `item-${get('item_id')}`,
      propensity,
      probabilities: null,
      policy: 'obd',
      policyVersion: 'obd',
      rewardVersion: 'click',
      outcome: { accepted: true, delivered: true, completed: get('click') === '1', latencyMs: 0, cost: 0 },
      reward: null,
    });
  }
  return out;
}
