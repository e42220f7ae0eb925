import type { ProblemIssue } from '../api/api-error.js';
import type { RewardWeights } from '../api/api-types.js';

/** Editable reward weights; inputs bound to `type="number"` give a number or null when empty. */
export interface RewardForm {
  completion: number | null;
  latency: number | null;
  cost: number | null;
  referencePrice: number | null;
  referencePrices: { country: string; price: number | null }[];
}

export type RewardField = 'completion' | 'latency' | 'cost' | 'referencePrice' | `referencePrices.${number}`;

export type RewardFormResult = { readonly ok: true; readonly weights: RewardWeights } | { readonly ok: false; readonly errors: Partial<Record<string, string>> };

export function rewardFormFrom(w: RewardWeights): RewardForm {
  return {
    completion: w.completion,
    latency: w.latency,
    cost: w.cost,
    referencePrice: w.referencePrice,
    referencePrices: Object.entries(w.referencePrices ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([country, price]) => ({ country, price })),
  };
}

function check(v: number | null, strict: boolean): string | undefined {
  if (v === null || typeof v !== 'number' || !Number.isFinite(v)) return 'enter a number';
  if (strict ? v <= 0 : v < 0) return strict ? 'must be greater than 0' : 'must be 0 or more';
  return undefined;
}

/**
 * Validates the form with the engine's rules (engine/reward/reward-weights.ts): completion and
 * reference prices > 0 (a reward that ignores completion would pay for undelivered codes),
 * latency and cost >= 0, country keys ISO 3166 alpha-2 and unique. The server validates again;
 * this only saves a round trip and points at the field.
 */
export function validateRewardForm(f: RewardForm): RewardFormResult {
  const errors: Record<string, string> = {};
  const put = (field: string, msg: string | undefined): void => {
    if (msg) errors[field] = msg;
  };
  put('completion', check(f.completion, true));
  put('latency', check(f.latency, false));
  put('cost', check(f.cost, false));
  put('referencePrice', check(f.referencePrice, true));
  const seen = new Set<string>();
  const prices: Record<string, number> = {};
  f.referencePrices.forEach((row, i) => {
    const country = row.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) put(`referencePrices.${i}`, 'country must be a two-letter ISO code, e.g. DE');
    else if (seen.has(country)) put(`referencePrices.${i}`, `${country} is listed twice`);
    else put(`referencePrices.${i}`, check(row.price, true));
    seen.add(country);
    if (row.price !== null) prices[country] = row.price;
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    weights: {
      completion: f.completion as number,
      latency: f.latency as number,
      cost: f.cost as number,
      referencePrice: f.referencePrice as number,
      referencePrices: prices,
    },
  };
}

/**
 * Maps the server's 422 issues onto form fields: "weights.cost" or "body.weights.cost" -> "cost",
 * "weights.referencePrices.DE" -> the row of DE. Issues that match no field are returned apart
 * so they are still shown.
 */
export function issuesToFields(issues: readonly ProblemIssue[], f: RewardForm): { fields: Record<string, string>; other: ProblemIssue[] } {
  const fields: Record<string, string> = {};
  const other: ProblemIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^(body\.)?(weights\.)?/, '');
    const [head, sub] = path.split('.');
    if (head === 'completion' || head === 'latency' || head === 'cost' || head === 'referencePrice') fields[head] = issue.message;
    else if (head === 'referencePrices' && sub !== undefined) {
      const row = f.referencePrices.findIndex((r) => r.country.trim().toUpperCase() === sub);
      if (row === -1) other.push(issue);
      else fields[`referencePrices.${row}`] = issue.message;
    } else other.push(issue);
  }
  return { fields, other };
}
