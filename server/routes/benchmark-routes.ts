import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { NotFoundError } from '../http/app-error.js';
import { requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { BenchmarkFileParams, BenchmarkReports } from '../schemas/ops-schemas.js';

const SCENARIO = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SVG_FILE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.svg$/;
/** Largest report.md / results.json / SVG read (a report is tens of kB). */
const MAX_FILE_BYTES = 5_000_000;

interface ReportMeta {
  readonly generatedAt?: unknown;
  readonly gitCommit?: unknown;
}

function readSmall(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() && st.size <= MAX_FILE_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The benchmark harness' latest reports (`<dir>/<scenario>/report.md` + `results.json`, as
 * `npm run bench` writes them) and their SVG charts. Names are whitelisted by pattern and
 * files are only looked up among a directory listing, so no request can reach outside `dir`.
 */
export function benchmarkRoutes(deps: { dir: string }, docs: RouteDocs): Router {
  const router = Router();

  const scenarios = (): string[] => {
    if (!existsSync(deps.dir)) return [];
    return readdirSync(deps.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && SCENARIO.test(d.name))
      .map((d) => d.name);
  };

  docs.add({
    method: 'get',
    path: '/v1/benchmarks/latest',
    summary: 'The latest benchmark report of every scenario (Markdown), newest first',
    tags: ['benchmarks'],
    auth: 'admin',
    responses: { 200: { description: 'reports; empty when no benchmark was run', schema: BenchmarkReports } },
  });
  router.get('/v1/benchmarks/latest', requireAdmin, (_req, res) => {
    const reports = scenarios().flatMap((scenario) => {
      const dir = join(deps.dir, scenario);
      const markdown = readSmall(join(dir, 'report.md'));
      if (markdown === undefined) return [];
      let meta: ReportMeta;
      try {
        meta = JSON.parse(readSmall(join(dir, 'results.json')) ?? '{}') as ReportMeta;
      } catch {
        meta = {};
      }
      const charts = readdirSync(dir)
        .filter((f) => SVG_FILE.test(f))
        .sort();
      return [
        {
          scenario,
          markdown,
          generatedAt:
            typeof meta.generatedAt === 'string'
              ? meta.generatedAt
              : new Date(statSync(join(dir, 'report.md')).mtimeMs).toISOString(),
          commit: typeof meta.gitCommit === 'string' ? meta.gitCommit : 'unknown',
          charts,
        },
      ];
    });
    reports.sort((a, b) =>
      a.generatedAt < b.generatedAt ? 1 : a.generatedAt > b.generatedAt ? -1 : a.scenario < b.scenario ? -1 : 1,
    );
    res.json({ dir: deps.dir, reports });
  });

  docs.add({
    method: 'get',
    path: '/v1/benchmarks/files/{scenario}/{file}',
    summary: 'One SVG chart of a benchmark report',
    tags: ['benchmarks'],
    auth: 'admin',
    params: BenchmarkFileParams,
    responses: { 200: { description: 'the chart', contentType: 'image/svg+xml' } },
  });
  router.get('/v1/benchmarks/files/:scenario/:file', requireAdmin, (req, res) => {
    const { scenario, file } = parseInput(BenchmarkFileParams, req.params);
    if (!scenarios().includes(scenario)) throw new NotFoundError(`no benchmark scenario ${scenario}`);
    const dir = join(deps.dir, scenario);
    if (!readdirSync(dir).includes(file)) throw new NotFoundError(`no chart ${file}`);
    const svg = readSmall(join(dir, file));
    if (svg === undefined) throw new NotFoundError(`no chart ${file}`);
    // An SVG can carry script: served inert, never sniffed, never framed.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('image/svg+xml').send(svg);
  });

  return router;
}
