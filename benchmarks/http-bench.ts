/**
 * `npm run bench:http` — loads `POST /v1/verifications` of the real server (child process,
 * loopback, temp SQLite, simulated network, demo traffic off) with autocannon, every
 * request to a fresh valid mobile number spread over the world's countries, and measures a
 * bare Express 5 JSON endpoint (own child process) in the same run for comparison.
 * Prints a Markdown table and writes JSON stamped with the git commit.
 *
 * Options (`--help`): --duration S (per target, default 10), --warmup S (default 2),
 * --connections N (default 20), --seed N (default 1), --out FILE (default
 * bench-results/http/http-bench.json, checked before the load starts), --profile [DIR] (run the
 * server under `node --cpu-prof`, profile written to DIR on exit).
 * Goal (issue 3): >= 2,000 verifications/s, p99 <= 50 ms, >= 60% of bare Express.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Command, Option } from 'commander';
import express from 'express';
import { mulberry32 } from '../engine/rng.js';
import { DEFAULT_WORLD } from '../providers/simulated/default-world.js';
import { randomNumber } from '../providers/simulated/numbering.js';
import { integerIn, numberIn } from './report/cli-numbers.js';
import { checkWritableFile, prepareOutputDir } from './report/output-paths.js';

const ROOT = resolve(import.meta.dirname, '..');
const API_KEY = 'rw_live_bench_0123456789abcdefghijklmnop';

interface HttpBenchOptions {
  readonly duration: number;
  readonly warmup: number;
  readonly connections: number;
  readonly seed: number;
  readonly out: string;
  readonly profile?: string | true;
  readonly serveBare?: boolean;
}

function parseOptions(): HttpBenchOptions {
  const program = new Command()
    .name('npm run bench:http --')
    .description(
      'Loads POST /v1/verifications of the real server (child process, loopback, temporary SQLite, simulated ' +
        'network) with autocannon, then a bare Express 5 JSON endpoint for comparison; prints a Markdown table ' +
        'and writes it with a JSON report. Goal (issue 3): >= 2,000 verifications/s, p99 <= 50 ms, >= 60% of bare Express.',
    )
    .option('--duration <s>', 'seconds of load per target', numberIn(1, 3600), 10)
    .option('--warmup <s>', 'seconds of unmeasured load per target first (0: none)', numberIn(0, 600), 2)
    .option('--connections <n>', 'concurrent connections', integerIn(1, 1000), 20)
    .option('--seed <n>', 'seed of the phone numbers', integerIn(0), 1)
    .option('--out <file>', 'JSON report (the Markdown goes next to it)', join(ROOT, 'bench-results/http/http-bench.json'))
    .option('--profile [dir]', 'run the server under node --cpu-prof; the profile is written to dir on exit')
    .addOption(new Option('--serve-bare', 'serve the bare Express endpoint (the comparison child)').hideHelp())
    .showHelpAfterError();
  program.parse();
  return program.opts<HttpBenchOptions>();
}

/** The comparison target: the smallest useful Express 5 JSON endpoint. */
function serveBare(): void {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.post('/bare', (_req, res) => {
    res.status(201).json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.stdout.write(`routewise listening on http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

interface Child {
  readonly url: string;
  stop(): Promise<number | null>;
}

function spawnChild(args: string[], env: Record<string, string>): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let out = '';
  return new Promise((resolveChild, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${out}`)), 30_000);
    const onData = (b: Buffer) => {
      if (out.length < 20_000) out += b.toString();
      const m = /routewise listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveChild({ url: m[1], stop: () => (child.exitCode === null && child.kill('SIGTERM'), exited) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`child exited with ${code}:\n${out}`)));
  });
}

/** Fresh valid mobile numbers, uniformly over the world's countries, never repeated (per-phone limits). */
function numberStream(seed: number): () => string {
  const random = mulberry32(seed);
  const countries = DEFAULT_WORLD.countries.map((c) => c.code);
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const n = randomNumber(countries[Math.floor(random() * countries.length)]!, 'unknown', random);
      if (!seen.has(n)) {
        seen.add(n);
        return n;
      }
    }
  };
}

interface Measured {
  readonly target: string;
  readonly requestsPerSec: number;
  readonly okPerSec: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

async function load(
  target: string,
  url: string,
  headers: Record<string, string>,
  body: () => string,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    connections,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count ?? 0]),
  );
  return {
    target,
    requestsPerSec: result.requests.average,
    okPerSec: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(options: HttpBenchOptions): Promise<void> {
  const { duration, warmup, connections, seed } = options;
  const out = resolve(options.out);
  prepareOutputDir('--out', dirname(out));
  checkWritableFile('--out', out);
  const profileDir =
    options.profile === undefined
      ? undefined
      : resolve(options.profile === true ? 'bench-results/http/profile' : options.profile);
  const dir = mkdtempSync(join(tmpdir(), 'routewise-bench-'));
  const children: Child[] = [];
  try {
    const serverArgs = [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '--import',
      'tsx',
      'server/main.ts',
    ];
    const routewise = await spawnChild(serverArgs, {
      PORT: '0',
      HOST: '127.0.0.1',
      ROUTEWISE_DB: join(dir, 'bench.db'),
      ROUTEWISE_KEY_FILE: join(dir, 'keys.json'),
      ROUTEWISE_DEMO_API_KEY: API_KEY,
      ROUTEWISE_DEMO_TRAFFIC: '0',
      ROUTEWISE_LOG_LEVEL: 'warn',
    });
    children.push(routewise);
    const bare = await spawnChild(['--import', 'tsx', 'benchmarks/http-bench.ts', '--serve-bare'], {});
    children.push(bare);

    const next = numberStream(seed);
    const verification = () => JSON.stringify({ to: next(), action: 'login' });
    const auth = { authorization: `Bearer ${API_KEY}` };
    if (warmup > 0) {
      await load('warmup', `${routewise.url}/v1/verifications`, auth, verification, warmup, connections);
      await load('warmup', `${bare.url}/bare`, {}, verification, warmup, connections);
    }
    const results = [
      await load(
        'routewise POST /v1/verifications',
        `${routewise.url}/v1/verifications`,
        auth,
        verification,
        duration,
        connections,
      ),
      await load('bare Express 5 POST (JSON)', `${bare.url}/bare`, {}, verification, duration, connections),
    ];
    const [rw, ex] = results as [Measured, Measured];
    const ratio = rw.okPerSec / ex.requestsPerSec;
    const goals = {
      verificationsPerSec: { goal: 2_000, measured: rw.okPerSec, met: rw.okPerSec >= 2_000 },
      p99Ms: { goal: 50, measured: rw.latencyP99Ms, met: rw.latencyP99Ms <= 50 },
      shareOfBareExpress: { goal: 0.6, measured: ratio, met: ratio >= 0.6 },
    };
    const report = {
      commit: gitCommit(),
      at: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      options: { duration, warmup, connections, seed },
      results,
      goals,
    };
    const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
    const lines = [
      `HTTP benchmark — commit ${report.commit}, node ${report.node}, ${report.cpus} CPUs (${report.cpuModel}), ${connections} connections, ${duration} s per target`,
      '',
      '| target | req/s | 2xx/s | p50 ms | p99 ms | max ms | requests | non-2xx | errors | status codes |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...results.map(
        (r) =>
          `| ${r.target} | ${f(r.requestsPerSec)} | ${f(r.okPerSec)} | ${f(r.latencyP50Ms, 1)} | ${f(r.latencyP99Ms, 1)} | ${f(r.latencyMaxMs, 1)} | ${f(r.requests)} | ${f(r.non2xx)} | ${f(r.errors)} | ${Object.entries(
            r.statusCodes,
          )
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')} |`,
      ),
      '',
      `Goals: ${f(goals.verificationsPerSec.measured)} verifications/s (>= 2,000: ${goals.verificationsPerSec.met ? 'met' : 'NOT met'}), ` +
        `p99 ${f(goals.p99Ms.measured, 1)} ms (<= 50: ${goals.p99Ms.met ? 'met' : 'NOT met'}), ` +
        `${f(ratio * 100, 1)}% of bare Express (>= 60%: ${goals.shareOfBareExpress.met ? 'met' : 'NOT met'})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(out.replace(/\.json$/, '') + '.md', `${lines.join('\n')}\n`);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    for (const c of children) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const options = parseOptions();
if (options.serveBare) serveBare();
else
  main(options).catch((err: unknown) => {
    const e = err as Error;
    process.stderr.write(`http-bench failed: ${e?.name === 'OutputPathError' ? e.message : String(e?.stack ?? err)}\n`);
    process.exit(1);
  });
