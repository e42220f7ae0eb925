import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, formatCsvRecord, splitCsvRecord, type CsvError, type CsvRecord } from './csv-records.js';

async function collect(lines: string[]): Promise<(CsvRecord | CsvError)[]> {
  const out: (CsvRecord | CsvError)[] = [];
  for await (const r of csvRecords(lines)) out.push(r);
  return out;
}

describe('splitCsvRecord', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['', ['']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"x, y",z', ['x, y', 'z']],
    ['"say ""hi""",2', ['say "hi"', '2']],
    ['"{""a"":0.5,""b"":0.5}"', ['{"a":0.5,"b":0.5}']],
    ['"",x', ['', 'x']],
    ['"multi\nline",x', ['multi\nline', 'x']],
  ])('splits %j', (text, fields) => {
    expect(splitCsvRecord(text)).toEqual({ kind: 'fields', fields });
  });

  it('reports an open quote so the caller appends the next line', () => {
    expect(splitCsvRecord('"abc,def')).toEqual({ kind: 'open' });
  });

  it.each([
    ['ab"c,d', 'unexpected quote inside an unquoted field at column 1'],
    ['"ab"c,d', 'unexpected character after a closing quote at column 1'],
  ])('rejects %j', (text, message) => {
    expect(splitCsvRecord(text)).toEqual({ kind: 'error', message });
  });

  it('round-trips any fields through formatCsvRecord', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', 'é') }), { minLength: 1, maxLength: 6 }),
        (fields) => {
          expect(splitCsvRecord(formatCsvRecord(fields))).toEqual({ kind: 'fields', fields });
        },
      ),
    );
  });
});

describe('csvRecords', () => {
  it('joins a quoted field across lines and numbers records by their first line', async () => {
    const out = await collect(['h1,h2', '', '"one', 'two",3', '4,5']);
    expect(out).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['one\ntwo', '3'] },
      { line: 5, fields: ['4', '5'] },
    ]);
  });

  it('strips a byte order mark and reports a quote left open at end of file', async () => {
    const out = await collect(['\uFEFFa,b', '"open,1']);
    expect(out).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, message: 'quoted field is not closed before end of file' },
    ]);
  });
});
