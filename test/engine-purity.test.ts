import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const engineDir = join(root, 'engine');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const ALLOWED_PACKAGES = new Set(['ml-matrix', 'simple-statistics']);
const FORBIDDEN_CALLS = [/\bDate\.now\s*\(/, /\bnew\s+Date\s*\(/, /\bMath\.random\s*\(/, /\bperformance\.now\s*\(/];

describe('engine purity (DESIGN.md: engine imports nothing of ours and does no I/O)', () => {
  const files = sourceFiles(engineDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s imports only relative modules and allowed packages', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
    for (const spec of [...specifiers, ...dynamic]) {
      if (spec.startsWith('.')) {
        expect(resolve(dirname(file), spec).startsWith(engineDir + sep), `${file} reaches outside engine/ with ${spec}`).toBe(true);
        continue;
      }
      expect(ALLOWED_PACKAGES.has(spec), `${file} imports ${spec}`).toBe(true);
    }
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s never reads the wall clock or the global RNG', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const re of FORBIDDEN_CALLS) expect(text, `${file} matches ${re}`).not.toMatch(re);
  });
});
