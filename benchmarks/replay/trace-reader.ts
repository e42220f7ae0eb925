import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { csvRecords, isCsvError } from './csv-records.js';
import { exportRowSchema, exportRowToRecord } from './export-row-schema.js';
import { rowErrors, type RowError } from './field-schemas.js';
import { REQUIRED_TRACE_COLUMNS, TRACE_COLUMNS, traceRowSchema, traceRowToRecord } from './trace-row-schema.js';

/** `export`: the service's decision export; `csv` / `jsonl`: the documented format for other systems' logs. */
export const TRACE_FORMATS = ['export', 'csv', 'jsonl'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Errors collected before reading stops, by default. */
export const DEFAULT_MAX_ERRORS = 20;
const DEFAULT_PROGRESS_EVERY = 100_000;

export interface TraceReadOptions {
  readonly format: TraceFormat;
  /** Prefix of generated attempt ids (`<source>:<line>`); the file name by default. */
  readonly source?: string;
  /** Stop after this many row errors (>= 1). */
  readonly maxErrors?: number;
  /** Called with the number of physical lines read, every `progressEvery` lines and at the end. */
  readonly onProgress?: (linesRead: number) => void;
  readonly progressEvery?: number;
}

export interface TraceReadResult {
  /** Valid rows, in file order. */
  readonly records: DecisionRecord[];
  readonly errors: RowError[];
  /** Notes that do not invalidate rows (ignored CSV columns). */
  readonly warnings: string[];
  readonly linesRead: number;
  /** Data rows seen (valid or not). */
  readonly rowsRead: number;
  /** True when reading stopped at `maxErrors` before the end of the input. */
  readonly stoppedEarly: boolean;
  readonly summary: string;
}

async function* counted(
  lines: AsyncIterable<string> | Iterable<string>,
  every: number,
  onProgress: ((n: number) => void) | undefined,
  state: { lines: number },
) {
  for await (const line of lines) {
    state.lines += 1;
    if (onProgress && state.lines % every === 0) onProgress(state.lines);
    yield line;
  }
}

/**
 * Reads a trace from lines (streamed; the input is never held whole), validating each row.
 * Bad rows are reported as `line N: field message, got value` and skipped; reading stops
 * once `maxErrors` errors are collected. A CSV without a required column fails at its header.
 * @throws RangeError when `maxErrors` is not a positive integer
 */
export async function parseTrace(
  lines: AsyncIterable<string> | Iterable<string>,
  options: TraceReadOptions,
): Promise<TraceReadResult> {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  if (!Number.isInteger(maxErrors) || maxErrors < 1)
    throw new RangeError(`maxErrors must be an integer >= 1, got ${maxErrors}`);
  const source = options.source ?? 'trace';
  const state = { lines: 0 };
  const input = counted(lines, options.progressEvery ?? DEFAULT_PROGRESS_EVERY, options.onProgress, state);
  const records: DecisionRecord[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  let rowsRead = 0;
  const add = (found: RowError[]): boolean => {
    errors.push(...found.slice(0, maxErrors - errors.length));
    return errors.length >= maxErrors;
  };

  if (options.format === 'csv') {
    let header: string[] | undefined;
    for await (const rec of csvRecords(input)) {
      if (isCsvError(rec)) {
        rowsRead += 1;
        if (add([{ line: rec.line, field: 'row', message: `line ${rec.line}: ${rec.message}` }])) break;
        continue;
      }
      if (!header) {
        header = rec.fields.map((h) => h.trim().toLowerCase());
        const missing = REQUIRED_TRACE_COLUMNS.filter((c) => !header?.includes(c));
        const duplicated = header.filter((h, i) => header?.indexOf(h) !== i);
        if (missing.length > 0 || duplicated.length > 0) {
          const what = [
            missing.length ? `missing required column(s): ${missing.join(', ')}` : '',
            duplicated.length ? `duplicated column(s): ${duplicated.join(', ')}` : '',
          ];
          add([{ line: rec.line, field: 'header', message: `line ${rec.line}: ${what.filter(Boolean).join('; ')}` }]);
          break;
        }
        const ignored = header.filter((h) => !(TRACE_COLUMNS as readonly string[]).includes(h));
        if (ignored.length > 0) warnings.push(`ignored unknown column(s): ${ignored.join(', ')}`);
        continue;
      }
      rowsRead += 1;
      if (rec.fields.length !== header.length) {
        if (
          add([
            {
              line: rec.line,
              field: 'row',
              message: `line ${rec.line}: expected ${header.length} fields as in the header, got ${rec.fields.length}`,
            },
          ])
        )
          break;
        continue;
      }
      const raw: Record<string, string> = {};
      header.forEach((h, i) => (raw[h] = rec.fields[i] ?? ''));
      const parsed = traceRowSchema.safeParse(raw);
      if (parsed.success) records.push(traceRowToRecord(parsed.data, rec.line, source));
      else if (add(rowErrors(rec.line, parsed.error.issues, raw))) break;
    }
  } else {
    for await (const line of input) {
      if (line.trim() === '') continue;
      const lineNo = state.lines;
      rowsRead += 1;
      let raw: unknown;
      try {
        raw = JSON.parse(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line);
      } catch (e) {
        if (add([{ line: lineNo, field: 'row', message: `line ${lineNo}: not valid JSON (${(e as Error).message})` }]))
          break;
        continue;
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        if (add([{ line: lineNo, field: 'row', message: `line ${lineNo}: must be a JSON object` }])) break;
        continue;
      }
      if (options.format === 'export') {
        const parsed = exportRowSchema.safeParse(raw);
        if (parsed.success) records.push(exportRowToRecord(parsed.data));
        else if (add(rowErrors(lineNo, parsed.error.issues, raw))) break;
      } else {
        const parsed = traceRowSchema.safeParse(raw);
        if (parsed.success) records.push(traceRowToRecord(parsed.data, lineNo, source));
        else if (add(rowErrors(lineNo, parsed.error.issues, raw))) break;
      }
    }
  }
  const stoppedEarly = errors.length >= maxErrors;
  options.onProgress?.(state.lines);
  const invalidRows = new Set(errors.map((e) => e.line)).size;
  const summary = stoppedEarly
    ? `stopped after ${errors.length} errors at line ${state.lines}: ${records.length} valid rows so far`
    : `${state.lines} lines, ${rowsRead} rows: ${records.length} valid, ${invalidRows} invalid (${errors.length} errors)`;
  return { records, errors, warnings, linesRead: state.lines, rowsRead, stoppedEarly, summary };
}

/**
 * Picks a format from the file: `.csv` is CSV; otherwise JSON Lines, as the service export
 * when the first row has `attemptId` and `context`, else the documented JSONL format.
 */
export function detectTraceFormat(path: string, firstLine: string): TraceFormat {
  if (extname(path).toLowerCase() === '.csv') return 'csv';
  try {
    const row = JSON.parse(firstLine) as unknown;
    if (typeof row === 'object' && row !== null && 'attemptId' in row && 'context' in row) return 'export';
  } catch {
    // An unparsable first line is reported with its line number by parseTrace.
  }
  return 'jsonl';
}

async function firstLineOf(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return (buf.toString('utf8', 0, bytesRead).split(/\r?\n/)[0] ?? '').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** Streams a trace file line by line (node:readline). `format: 'auto'` uses {@link detectTraceFormat}. */
export async function readTraceFile(
  path: string,
  options: Omit<TraceReadOptions, 'format'> & { readonly format?: TraceFormat | 'auto' } = {},
): Promise<TraceReadResult> {
  const format =
    options.format === undefined || options.format === 'auto'
      ? detectTraceFormat(path, await firstLineOf(path))
      : options.format;
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    return await parseTrace(lines, { ...options, format, source: options.source ?? basename(path) });
  } finally {
    lines.close();
    stream.destroy();
  }
}
