import type { DecisionRecord } from '../../engine/decision-record.js';
import { formatCsvRecord } from './csv-records.js';
import { TRACE_COLUMNS } from './trace-row-schema.js';

type TraceColumn = (typeof TRACE_COLUMNS)[number];

/** The documented trace row of a record; blank (`undefined`) where the record has no value. */
export function recordToTraceRow(r: DecisionRecord): Record<TraceColumn, string | number | boolean | undefined> {
  return {
    timestamp: new Date(r.at).toISOString(),
    country: r.context.country,
    operator: r.context.operator,
    route_class: r.context.routeClass,
    action: r.context.action,
    fraud_score: r.context.fraudScore,
    window_ms: r.context.windowMs,
    provider: r.provider,
    propensity: r.propensity ?? undefined,
    probabilities: r.probabilities ? JSON.stringify(r.probabilities) : undefined,
    tenant: r.context.tenant,
    verification_id: r.verificationId,
    attempt_number: r.attemptNumber,
    accepted: r.outcome?.accepted,
    delivered: r.outcome?.delivered,
    completed: r.outcome?.completed,
    latency_ms: r.outcome?.latencyMs,
    cost: r.outcome?.cost,
    signal_ms: r.outcome?.signalMs,
  };
}

/** CSV text (header + one line per record, RFC 4180 quoting), `\n`-terminated. */
export function toTraceCsv(records: readonly DecisionRecord[]): string {
  const lines = [formatCsvRecord(TRACE_COLUMNS)];
  for (const r of records) {
    const row = recordToTraceRow(r);
    lines.push(formatCsvRecord(TRACE_COLUMNS.map((c) => (row[c] === undefined ? '' : String(row[c])))));
  }
  return `${lines.join('\n')}\n`;
}

/** Documented JSONL format, one object per line (probabilities as an object); absent values are omitted. */
export function toTraceJsonl(records: readonly DecisionRecord[]): string {
  return (
    records
      .map((r) => JSON.stringify({ ...recordToTraceRow(r), probabilities: r.probabilities ?? undefined }))
      .join('\n') + '\n'
  );
}

/** The service's decision export format (a DecisionRecord per line). */
export function toExportJsonl(records: readonly DecisionRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
