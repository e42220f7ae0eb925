/**
 * `npm run bench:engine` — time of one decide+update per policy with 8 eligible providers
 * (median and p99 over timed iterations), and decisions per second in a tight replay loop.
 * Also times the full engine facade (candidates with health + guards + policy + budget + settle) for
 * the default policy, once without and once with reading the (lazily built) explanation.
 *
 * Options (`--help`): --iterations N (default 200000), --json (machine-readable output).
 */
import { Command } from 'commander';
import { createPolicy, defaultPolicyConfig } from '../engine/learning/create-policy.js';
import { POLICY_KINDS, type PolicyKind } from '../engine/learning/policy.js';
import { mulberry32 } from '../engine/rng.js';
import { DEFAULT_REWARD_CONFIG } from '../engine/reward/reward-weights.js';
import { createRoutingEngine } from '../engine/routing-engine.js';
import type { RoutingTable } from '../engine/routing-table.js';
import type { RequestContext } from '../engine/types.js';
import { integerIn } from './report/cli-numbers.js';

const program = new Command()
  .name('npm run bench:engine --')
  .description(
    'Times one decide+update per policy with 8 eligible providers (median and p99 after 20,000 warm-up ' +
      'iterations, then decisions/s in a tight loop), and the full engine facade for the default policy.',
  )
  .option('--iterations <n>', 'timed iterations per policy', integerIn(1_000, 100_000_000), 200_000)
  .option('--json', 'machine-readable output on stdout')
  .showHelpAfterError();
program.parse();
const { iterations, json: asJson = false } = program.opts<{ iterations: number; json?: boolean }>();

const PROVIDERS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
const MEANS = [0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4];
const SEGMENTS: RequestContext[] = ['DE:262-01', 'DE:262-02', 'BR:724-05', 'IN:404-10'].map((s) => {
  const [country = 'DE', operator = 'unknown'] = s.split(':');
  return { country, operator, routeClass: 'standard', action: 'login', tenant: 't', fraudScore: 0.1, windowMs: 300_000, at: 0 };
});

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function benchPolicy(kind: PolicyKind) {
  const rng = mulberry32(7);
  const env = mulberry32(11);
  let clock = 1_700_000_000_000;
  const policy = createPolicy(defaultPolicyConfig(kind), { now: () => clock, random: rng });
  const ctxs = SEGMENTS.map((c) => ({ ...c }));
  const step = (i: number) => {
    const base = ctxs[i & 3] as RequestContext;
    const ctx = { ...base, at: clock };
    const sel = policy.select(ctx, PROVIDERS);
    // The server logs every propensity: read it, so a policy that computes it lazily pays for it here.
    if (!(sel.propensity > 0)) throw new Error(`propensity must be > 0, got ${sel.propensity}`);
    const p = PROVIDERS.indexOf(sel.provider);
    policy.update({ ctx, provider: sel.provider, reward: env() < (MEANS[p] ?? 0) ? 1 : 0, at: clock });
    clock += 37;
  };
  for (let i = 0; i < 20_000; i++) step(i);
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    step(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  const loops = iterations;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < loops; i++) step(i);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { kind, medianUs: quantile(times, 0.5), p99Us: quantile(times, 0.99), decisionsPerSecond: loops / seconds };
}

function benchFacade(readExplanation: boolean) {
  const rng = mulberry32(7);
  const env = mulberry32(11);
  let clock = 1_700_000_000_000;
  const deps = { now: () => clock, random: rng };
  const table: RoutingTable = {
    version: 'bench',
    countries: Object.fromEntries(['DE', 'BR', 'IN'].map((c) => [c, PROVIDERS.map((provider) => ({ provider, premium: false }))])),
  };
  const engine = createRoutingEngine({ policy: createPolicy(defaultPolicyConfig('discounted-ts'), deps), table, rewardConfig: DEFAULT_REWARD_CONFIG });
  const step = (i: number) => {
    const ctx = { ...(SEGMENTS[i & 3] as RequestContext), at: clock };
    const d = engine.decide({ ctx, tried: [], remainingWindowMs: ctx.windowMs });
    if (d.kind !== 'route') throw new Error(`unexpected refusal: ${d.reason}`);
    if (!(d.selection.propensity > 0)) throw new Error(`propensity must be > 0, got ${d.selection.propensity}`);
    if (readExplanation && d.explanation.summary.length === 0) throw new Error('empty explanation');
    const completed = env() < (MEANS[PROVIDERS.indexOf(d.provider)] ?? 0);
    engine.settle(ctx, d.provider, { accepted: true, delivered: completed, completed, latencyMs: 8_000, cost: 0.03, windowMs: ctx.windowMs, country: ctx.country }, clock);
    clock += 37;
  };
  for (let i = 0; i < 20_000; i++) step(i);
  const n = Math.min(iterations, 100_000);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    step(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  const kind = `engine facade (discounted-ts + guards + settle${readExplanation ? ' + explanation read' : ''})`;
  return { kind, medianUs: quantile(times, 0.5), p99Us: quantile(times, 0.99) };
}

const results = POLICY_KINDS.map((kind) => {
  if (!asJson) process.stderr.write(`timing ${kind}...\n`);
  return benchPolicy(kind);
});
const facades = [benchFacade(false), benchFacade(true)];
if (asJson) {
  process.stdout.write(`${JSON.stringify({ iterations, node: process.version, results, facades }, null, 2)}\n`);
} else {
  console.log(`decide+update, 8 eligible providers, ${iterations} timed iterations, node ${process.version}\n`);
  console.log('| policy | median µs | p99 µs | decisions/s (tight loop) |');
  console.log('|---|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.kind} | ${r.medianUs.toFixed(2)} | ${r.p99Us.toFixed(2)} | ${Math.round(r.decisionsPerSecond).toLocaleString('en-US')} |`);
  }
  for (const f of facades) console.log(`| ${f.kind} | ${f.medianUs.toFixed(2)} | ${f.p99Us.toFixed(2)} | |`);
}
