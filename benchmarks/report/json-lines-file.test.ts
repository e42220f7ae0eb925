import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonLinesFile } from './json-lines-file.js';

const tmp = mkdtempSync(join(tmpdir(), 'json-lines-'));

describe('JsonLinesFile', () => {
  it('fails at construction for a path it cannot open', () => {
    expect(() => new JsonLinesFile('--trace', join(tmp, 'missing', 't.jsonl'))).toThrow(
      `--trace ${join(tmp, 'missing', 't.jsonl')}: cannot write there (ENOENT)`,
    );
  });

  it('writes batches while the caller never yields, so memory holds one batch, not the run', () => {
    const path = join(tmp, 'trace.jsonl');
    const file = new JsonLinesFile('--trace', path);
    const record = { id: 'x'.repeat(200), n: 0 };
    for (let i = 0; i < 20_000; i++) file.write({ ...record, n: i });
    // ~4.3 MB written synchronously: everything but the last partial batch is on disk already.
    const onDisk = statSync(path).size;
    expect(onDisk).toBeGreaterThan(3_000_000);
    file.close();
    file.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(file.lines).toBe(20_000);
    expect(JSON.parse(lines[19_999] as string)).toEqual({ ...record, n: 19_999 });
    expect(() => file.write(record)).toThrow(/is closed/);
  });

  it('keeps lines whole across batches (multi-byte text included)', () => {
    const path = join(tmp, 'utf8.jsonl');
    const file = new JsonLinesFile('--trace', path);
    for (let i = 0; i < 6_000; i++) file.write({ i, s: 'é€😀'.repeat(40) });
    file.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 6_000 }, (_, i) => i));
  });
});
