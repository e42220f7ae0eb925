import { appendFileSync } from 'node:fs';

/**
 * Prints one measured figure (`reliability-figure {...}` on stdout) and, when
 * RELIABILITY_FIGURES names a file, appends it there as a JSON line: docs/reliability.md is
 * written from these lines.
 */
export function reportFigure(name: string, value: number | string, detail: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ name, value, ...detail, at: new Date().toISOString() });
  process.stdout.write(`reliability-figure ${line}\n`);
  const file = process.env.RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
