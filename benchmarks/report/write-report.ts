import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCharts } from './charts.js';
import { goalLines, renderMarkdown } from './render-markdown.js';
import { goalChecks, reportJson, type ScenarioReport } from './scenario-report.js';

/** Writes `<out>/<scenario>/results.json`, `report.md` and the SVG charts; returns the files written. */
export function writeScenarioReport(outDir: string, report: ScenarioReport): string[] {
  const dir = join(outDir, report.scenario.name);
  mkdirSync(dir, { recursive: true });
  const charts = buildCharts(report);
  const files = [join(dir, 'results.json'), join(dir, 'report.md')];
  writeFileSync(files[0] as string, reportJson(report));
  writeFileSync(files[1] as string, renderMarkdown(report, charts));
  for (const chart of charts) {
    const file = join(dir, chart.file);
    writeFileSync(file, chart.svg);
    files.push(file);
  }
  return files;
}

/** Markdown of the suite's goal checks, one section per scenario (`<out>/summary.md`). */
export function renderSuiteSummary(reports: readonly ScenarioReport[], command: string): string {
  const lines = ['# Benchmark suite summary', '', `- command: \`${command}\``, `- git commit: ${reports[0]?.gitCommit ?? 'unknown'}`, ''];
  const misses = reports.flatMap((r) => goalChecks(r).filter((g) => g.status === 'MISS').map((g) => `${r.scenario.name}: ${g.goal}`));
  lines.push(misses.length === 0 ? 'All applicable goals PASS.' : `Goals missed (${misses.length}):`, '', ...misses.map((m) => `- ${m}`), '');
  for (const r of reports) lines.push(`## ${r.scenario.name}`, '', ...goalLines(goalChecks(r)), '', `Details: [${r.scenario.name}/report.md](${r.scenario.name}/report.md)`, '');
  return `${lines.join('\n')}\n`;
}

/** Writes `<out>/summary.md`; returns its path. */
export function writeSuiteSummary(outDir: string, reports: readonly ScenarioReport[], command: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'summary.md');
  writeFileSync(file, renderSuiteSummary(reports, command));
  return file;
}
