/**
 * RFC 4180 CSV, read line by line: fields separated by commas, a field may be quoted with
 * `"`, a quote inside a quoted field is doubled (`""`), and a quoted field may span lines.
 * Small enough to own; a package would add nothing but a dependency.
 */

/** One CSV record with the physical line it started on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Result of splitting one logical record: the fields, or `open` when a quote is still open. */
export type CsvSplit =
  | { readonly kind: 'fields'; readonly fields: string[] }
  | { readonly kind: 'open' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Splits one logical CSV record (which may contain `\n` inside quoted fields).
 * Returns `open` when the text ends inside a quoted field, so the caller appends the next line.
 */
export function splitCsvRecord(text: string): CsvSplit {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (ch === '"') {
      if (field.length > 0 || wasQuoted)
        return { kind: 'error', message: `unexpected quote inside an unquoted field at column ${fields.length + 1}` };
      quoted = true;
      wasQuoted = true;
    } else if (wasQuoted) {
      return { kind: 'error', message: `unexpected character after a closing quote at column ${fields.length + 1}` };
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) return { kind: 'open' };
  fields.push(field);
  return { kind: 'fields', fields };
}

/** Quotes a field when it contains a comma, quote, CR or LF (RFC 4180 section 2.6-2.7). */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsvRecord(fields: readonly string[]): string {
  return fields.map(formatCsvField).join(',');
}

/** A malformed record: the line it started on and why. */
export interface CsvError {
  readonly line: number;
  readonly message: string;
}

/**
 * Groups physical lines into CSV records, yielding each record (or a syntax error) with the
 * line it started on. Blank lines are skipped. A record left open at end of input is an error.
 */
export async function* csvRecords(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<CsvRecord | CsvError> {
  let pending = '';
  let startLine = 0;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (pending === '' && startLine === 0) {
      if (line.trim() === '') continue;
      startLine = lineNumber;
      pending = line;
    } else {
      pending += `\n${line}`;
    }
    const split = splitCsvRecord(pending);
    if (split.kind === 'open') continue;
    if (split.kind === 'error') yield { line: startLine, message: split.message };
    else yield { line: startLine, fields: split.fields };
    pending = '';
    startLine = 0;
  }
  if (startLine !== 0) yield { line: startLine, message: 'quoted field is not closed before end of file' };
}

export function isCsvError(r: CsvRecord | CsvError): r is CsvError {
  return 'message' in r;
}
