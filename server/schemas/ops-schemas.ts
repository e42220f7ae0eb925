import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({ status: z.literal('ready') });

export const BenchmarkReports = z.object({
  dir: z.string().describe('directory the reports were read from'),
  reports: z.array(
    z.object({
      scenario: z.string(),
      markdown: z.string(),
      generatedAt: z.string(),
      commit: z.string().describe('git commit of the run, "unknown" without git'),
      charts: z.array(z.string()).describe('SVG files served under /v1/benchmarks/files/{scenario}/'),
    }),
  ),
});

/** Scenario directory names as the benchmark harness writes them. */
export const BenchmarkFileParams = z.strictObject({
  scenario: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a scenario name'),
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.svg$/, 'must be an .svg file name'),
});
