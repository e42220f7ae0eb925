import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ROWS, EXAMPLE_SEED, generateExampleTrace } from './fixtures/example-trace.js';
import { parseTrace, readTraceFile } from './trace-reader.js';
import { toExportJsonl, toTraceCsv, toTraceJsonl } from './trace-writer.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const HEADER =
  'timestamp,country,operator,route_class,action,fraud_score,window_ms,provider,propensity,probabilities,accepted,delivered,completed,latency_ms,cost';
const GOOD =
  '2025-01-06T10:00:00Z,DE,262-01,standard,login,0.1,300000,sim-alpha,0.5,"{""sim-alpha"":0.5,""sim-beta"":0.5}",true,true,true,9000,0.05';

/** The good row with one column replaced. */
function withCell(column: string, value: string): string {
  const cols = HEADER.split(',');
  const cells = [
    '2025-01-06T10:00:00Z',
    'DE',
    '262-01',
    'standard',
    'login',
    '0.1',
    '300000',
    'sim-alpha',
    '0.5',
    '"{""sim-alpha"":0.5,""sim-beta"":0.5}"',
    'true',
    'true',
    'true',
    '9000',
    '0.05',
  ];
  cells[cols.indexOf(column)] = value;
  return cells.join(',');
}

describe('parseTrace csv', () => {
  it('normalises a valid row into a DecisionRecord', async () => {
    const { records, errors } = await parseTrace([HEADER, GOOD], { format: 'csv', source: 't.csv' });
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        attemptId: 't.csv:2',
        verificationId: 't.csv:2',
        attemptNumber: 1,
        at: Date.UTC(2025, 0, 6, 10),
        context: {
          country: 'DE',
          operator: '262-01',
          routeClass: 'standard',
          action: 'login',
          tenant: 'default',
          fraudScore: 0.1,
          windowMs: 300000,
        },
        segment: 'DE:262-01:standard',
        provider: 'sim-alpha',
        propensity: 0.5,
        probabilities: { 'sim-alpha': 0.5, 'sim-beta': 0.5 },
        policy: 'external',
        policyVersion: 'unknown',
        rewardVersion: 'unknown',
        outcome: { accepted: true, delivered: true, completed: true, latencyMs: 9000, cost: 0.05 },
        reward: null,
      },
    ]);
  });

  it.each([
    ['fraud_score', 'abc', 'line 3: fraud_score must be a number in [0, 1], got "abc"'],
    ['fraud_score', '1.5', 'line 3: fraud_score must be a number in [0, 1], got "1.5"'],
    ['country', 'de', 'line 3: country must be an ISO 3166-1 alpha-2 code such as "DE", got "de"'],
    ['operator', '26201', 'line 3: operator must be an MCC-MNC such as "262-01" or "unknown", got "26201"'],
    ['route_class', 'gold', 'line 3: route_class must be one of premium, standard, got "gold"'],
    ['action', 'otp', 'line 3: action must be one of signup, login, password_reset, transaction, got "otp"'],
    ['window_ms', '1000', 'line 3: window_ms must be an integer in [30000, 600000], got "1000"'],
    [
      'timestamp',
      '2025-01-06 10:00',
      'line 3: timestamp must be an ISO 8601 date-time with a time zone (2024-05-01T12:00:00Z) or epoch milliseconds, got "2025-01-06 10:00"',
    ],
    ['provider', '', 'line 3: provider must be a provider id of 1-64 characters without spaces, got nothing'],
    ['propensity', '0', 'line 3: propensity must be a number in (0, 1], got "0"'],
    ['propensity', '0.4', 'line 3: propensity must equal probabilities["sim-alpha"] = 0.5, got "0.4"'],
    [
      'probabilities',
      '{bad',
      'line 3: probabilities must be a JSON object of provider -> probability in [0, 1] summing to 1, got "{bad"',
    ],
    [
      'probabilities',
      '"{""sim-beta"":1}"',
      'line 3: probabilities must give the logged provider "sim-alpha" a positive probability, got "{\\"sim-beta\\":1}"',
    ],
    ['accepted', 'maybe', 'line 3: accepted must be true/false or 1/0, got "maybe"'],
    ['accepted', 'false', 'line 3: delivered must be false when accepted is false, got "true"'],
    ['latency_ms', '-1', 'line 3: latency_ms must be a number in [0, 1.7976931348623157e+308], got "-1"'],
    [
      'cost',
      '',
      'line 3: cost is required when accepted, delivered, completed, latency_ms are set (all outcome fields or none), got nothing',
    ],
  ])('reports %s = %j with its line number', async (column, value, message) => {
    const { records, errors } = await parseTrace([HEADER, GOOD, withCell(column, value)], { format: 'csv' });
    expect(records).toHaveLength(1);
    expect(errors.map((e) => e.message)).toContain(message);
    expect(errors.every((e) => e.line === 3)).toBe(true);
  });

  it('accepts epoch milliseconds, 1/0 booleans, a missing propensity and an unsettled row', async () => {
    const unsettled = withCell('accepted', '').replace(/,true,true,9000,0\.05$/, ',,,,');
    const { records, errors } = await parseTrace(
      [
        HEADER,
        withCell('timestamp', '1736157600000').replace(',0.5,"', ',,"').replace('true,true,true', '1,1,0'),
        unsettled,
      ],
      { format: 'csv' },
    );
    expect(errors).toEqual([]);
    expect(records[0]?.at).toBe(1736157600000);
    expect(records[0]?.propensity).toBe(0.5);
    expect(records[0]?.outcome).toEqual({
      accepted: true,
      delivered: true,
      completed: false,
      latencyMs: 9000,
      cost: 0.05,
    });
    expect(records[1]?.outcome).toBeNull();
  });

  it('fails at the header when a required column is missing', async () => {
    const { records, errors } = await parseTrace([HEADER.replace('fraud_score,', ''), GOOD], { format: 'csv' });
    expect(records).toEqual([]);
    expect(errors).toEqual([{ line: 1, field: 'header', message: 'line 1: missing required column(s): fraud_score' }]);
  });

  it('reports a wrong field count and warns about unknown columns', async () => {
    const { errors, warnings } = await parseTrace([`${HEADER},note`, `${GOOD},x`, GOOD], { format: 'csv' });
    expect(errors.map((e) => e.message)).toEqual(['line 3: expected 16 fields as in the header, got 15']);
    expect(warnings).toEqual(['ignored unknown column(s): note']);
  });

  it('stops after maxErrors with a summary', async () => {
    const bad = withCell('fraud_score', 'x');
    const lines = [HEADER, GOOD, bad, bad, bad, bad, GOOD];
    const result = await parseTrace(lines, { format: 'csv', maxErrors: 2 });
    expect(result.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(result.stoppedEarly).toBe(true);
    expect(result.summary).toBe('stopped after 2 errors at line 4: 1 valid rows so far');
  });

  it('reports progress by lines read', async () => {
    const seen: number[] = [];
    await parseTrace([HEADER, GOOD, GOOD, GOOD, GOOD], {
      format: 'csv',
      onProgress: (n) => seen.push(n),
      progressEvery: 2,
    });
    expect(seen).toEqual([2, 4, 5]);
  });

  it.each([0, 1.5])('rejects maxErrors = %s', async (maxErrors) => {
    await expect(parseTrace([], { format: 'csv', maxErrors })).rejects.toThrow(
      new RangeError(`maxErrors must be an integer >= 1, got ${maxErrors}`),
    );
  });
});

describe('parseTrace json lines', () => {
  it('reports invalid JSON and non-objects with their line numbers, skipping blank lines', async () => {
    const { errors } = await parseTrace(['', '{"x":', '[1]'], { format: 'jsonl' });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^line 2: not valid JSON/),
      'line 3: must be a JSON object',
    ]);
  });

  it('validates export rows by path', async () => {
    const [record] = generateExampleTrace(1, 1);
    const bad = { ...record, context: { ...record?.context, fraudScore: 2 }, segment: 'XX:1:standard' };
    const { errors } = await parseTrace([JSON.stringify(record), JSON.stringify(bad)], { format: 'export' });
    expect(errors.map((e) => e.message)).toEqual([
      'line 2: context.fraudScore must be a number in [0, 1], got 2',
      'line 2: segment must be "DE:262-01:standard" for this context, got "XX:1:standard"',
    ]);
  });

  it('reads the landing signal (signal_ms / outcome.signalMs), only with an outcome', async () => {
    const header = `${HEADER},signal_ms`;
    const unsettled = withCell('accepted', '').replace(/,true,true,9000,0\.05$/, ',,,,');
    const { records, errors } = await parseTrace([header, `${GOOD},4200`, `${GOOD},`, `${unsettled},4200`], {
      format: 'csv',
    });
    expect(records[0]?.outcome?.signalMs).toBe(4200);
    expect(records[1]?.outcome).not.toHaveProperty('signalMs');
    expect(errors.map((e) => e.message)).toEqual(['line 4: signal_ms is only allowed with the outcome fields, got "4200"']);
    const [record] = generateExampleTrace(1, 1);
    const exported = { ...record, outcome: { ...record?.outcome, signalMs: 4200 } };
    const parsed = await parseTrace([JSON.stringify(exported)], { format: 'export' });
    expect(parsed.records[0]?.outcome?.signalMs).toBe(4200);
  });

  it('round-trips records through every format', async () => {
    const records = generateExampleTrace(7, 50).map((r, i) =>
      r.outcome?.delivered && i % 2 === 0 ? { ...r, outcome: { ...r.outcome, signalMs: 3_000 + i } } : r,
    );
    const strip = (rs: typeof records) =>
      rs.map((r) => ({
        at: r.at,
        context: r.context,
        provider: r.provider,
        propensity: r.propensity,
        probabilities: r.probabilities,
        outcome: r.outcome,
      }));
    const csv = await parseTrace(toTraceCsv(records).trimEnd().split('\n'), { format: 'csv' });
    const jsonl = await parseTrace(toTraceJsonl(records).trimEnd().split('\n'), { format: 'jsonl' });
    const exp = await parseTrace(toExportJsonl(records).trimEnd().split('\n'), { format: 'export' });
    expect(strip(csv.records)).toEqual(strip(records));
    expect(strip(jsonl.records)).toEqual(strip(records));
    expect(exp.records).toEqual(records);
  });
});

describe('fixtures', () => {
  const records = generateExampleTrace(EXAMPLE_SEED, EXAMPLE_ROWS);

  it('are in sync with their generator (regenerate with fixtures/write-fixtures.ts)', () => {
    expect(readFileSync(join(fixtures, 'example-trace.csv'), 'utf8')).toBe(toTraceCsv(records));
    expect(readFileSync(join(fixtures, 'example-trace.jsonl'), 'utf8')).toBe(toTraceJsonl(records.slice(0, 500)));
    expect(readFileSync(join(fixtures, 'example-export.jsonl'), 'utf8')).toBe(toExportJsonl(records.slice(0, 200)));
  });

  it.each([
    ['example-trace.csv', EXAMPLE_ROWS],
    ['example-trace.jsonl', 500],
    ['example-export.jsonl', 200],
  ])('%s streams from disk with the format detected', async (file, rows) => {
    const result = await readTraceFile(join(fixtures, file));
    expect(result.errors).toEqual([]);
    expect(result.records).toHaveLength(rows);
    expect(result.records[rows - 1]?.provider).toBe(records[rows - 1]?.provider);
  });
});
