import type Database from 'better-sqlite3';
import type { BreakerState } from '../../engine/health/circuit-breaker.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import type { CoefficientPoint, RoutingEventKind, RoutingHistoryPoint, SnapshotStore } from '../stores/snapshot-store.js';
import { insertSql } from './sql-helpers.js';

interface SnapshotRow {
  at: number;
  policy_kind: string;
  policy_version: string;
  state_json: string;
  health_json: string;
  engine_json: string | null;
}

interface HistoryRow {
  at: number;
  segment: string;
  provider: string;
  probability: number;
  mean: number;
  lower: number;
  upper: number;
  n: number;
  completion_rate: number | null;
  latency_p50_ms: number | null;
  latency_p90_ms: number | null;
  timeout_rate: number | null;
  cost: number | null;
  breaker: string;
}

interface EventRow {
  at: number;
  kind: string;
  segment: string | null;
  provider: string | null;
  detail_json: string;
}

interface CoefficientRow {
  at: number;
  segment: string;
  provider: string;
  values_json: string;
}

const HISTORY_COLUMNS = [
  'at',
  'segment',
  'provider',
  'probability',
  'mean',
  'lower',
  'upper',
  'n',
  'completion_rate',
  'latency_p50_ms',
  'latency_p90_ms',
  'timeout_rate',
  'cost',
  'breaker',
];

/** {@link SnapshotStore} on better-sqlite3 with statements prepared once. */
export function createSqliteSnapshotStore(sqlite: Database.Database): SnapshotStore {
  const saveSnap = sqlite.prepare(
    'INSERT INTO policy_snapshots (at, policy_kind, policy_version, state_json, health_json, engine_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const latest = sqlite.prepare<[], SnapshotRow>('SELECT * FROM policy_snapshots ORDER BY at DESC, id DESC LIMIT 1');
  const prune = sqlite.prepare(
    'DELETE FROM policy_snapshots WHERE id NOT IN (SELECT id FROM policy_snapshots ORDER BY at DESC, id DESC LIMIT ?)',
  );
  const insertPoint = sqlite.prepare(insertSql('routing_history', HISTORY_COLUMNS));
  const history = sqlite.prepare<[string, number, number], HistoryRow>(
    'SELECT * FROM routing_history WHERE segment = ? AND at >= ? AND at < ? ORDER BY at, provider, id',
  );
  const historyTimes = sqlite
    .prepare<[string, number, number], number>('SELECT DISTINCT at FROM routing_history WHERE segment = ? AND at >= ? AND at < ? ORDER BY at')
    .pluck();
  const historyAt = sqlite.prepare<[string, string], HistoryRow>(
    'SELECT * FROM routing_history WHERE segment = ? AND at IN (SELECT value FROM json_each(?)) ORDER BY at, provider, id',
  );
  const insertEvent = sqlite.prepare(
    'INSERT INTO routing_events (at, kind, segment, provider, detail_json) VALUES (?, ?, ?, ?, ?)',
  );
  const events = sqlite.prepare<[number, number], EventRow>(
    'SELECT * FROM routing_events WHERE at >= ? AND at < ? ORDER BY at, id',
  );
  const segmentEvents = sqlite.prepare<[number, number, string], EventRow>(
    'SELECT * FROM routing_events WHERE at >= ? AND at < ? AND segment = ? ORDER BY at, id',
  );
  const insertCoefficient = sqlite.prepare(
    'INSERT INTO routing_coefficients (at, segment, provider, values_json) VALUES (?, ?, ?, ?)',
  );
  const coefficients = sqlite.prepare<[string, number, number], CoefficientRow>(
    'SELECT at, segment, provider, values_json FROM routing_coefficients WHERE segment = ? AND at >= ? AND at < ? ORDER BY at, provider, id',
  );
  const insertManyCoefficients = sqlite.transaction((points: readonly CoefficientPoint[]) => {
    for (const p of points) insertCoefficient.run(p.at, p.segment, p.provider, JSON.stringify(p.values));
  });
  const insertMany = sqlite.transaction((points: readonly RoutingHistoryPoint[]) => {
    for (const p of points) insertPoint.run(toHistoryParams(p));
  });

  return {
    saveSnapshot(s) {
      const engine = s.engine === undefined ? null : JSON.stringify(s.engine);
      saveSnap.run(s.at, s.policyKind, s.policyVersion, JSON.stringify(s.state), JSON.stringify(s.health), engine);
    },
    latestSnapshot() {
      const r = latest.get();
      if (r === undefined) return undefined;
      return {
        at: r.at,
        policyKind: r.policy_kind as PolicyKind,
        policyVersion: r.policy_version,
        state: JSON.parse(r.state_json) as unknown,
        health: JSON.parse(r.health_json) as unknown,
        ...(r.engine_json === null ? {} : { engine: JSON.parse(r.engine_json) as unknown }),
      };
    },
    pruneSnapshots(keep) {
      if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be an integer >= 1, got ${keep}`);
      return prune.run(keep).changes;
    },
    insertHistory: (points) => insertMany(points),
    queryHistory: (segment, from, to) => history.all(segment, from, to).map(toPoint),
    querySampledHistory(segment, from, to, maxSnapshots) {
      if (!Number.isInteger(maxSnapshots) || maxSnapshots < 2)
        throw new RangeError(`maxSnapshots must be an integer >= 2, got ${maxSnapshots}`);
      const times = historyTimes.all(segment, from, to);
      if (times.length <= maxSnapshots) return { points: history.all(segment, from, to).map(toPoint), downsampled: false };
      const step = (times.length - 1) / (maxSnapshots - 1);
      const kept = Array.from({ length: maxSnapshots }, (_, i) => times[Math.round(i * step)]);
      return { points: historyAt.all(segment, JSON.stringify(kept)).map(toPoint), downsampled: true };
    },
    insertCoefficients: (points) => insertManyCoefficients(points),
    queryCoefficients: (segment, from, to) =>
      coefficients.all(segment, from, to).map((r) => ({
        at: r.at,
        segment: r.segment,
        provider: r.provider,
        values: JSON.parse(r.values_json) as Record<string, number>,
      })),
    insertEvent(e) {
      insertEvent.run(e.at, e.kind, e.segment, e.provider, JSON.stringify(e.detail ?? null));
    },
    queryEvents(from, to, segment) {
      const rows = segment === undefined ? events.all(from, to) : segmentEvents.all(from, to, segment);
      return rows.map((r) => ({
        at: r.at,
        kind: r.kind as RoutingEventKind,
        segment: r.segment,
        provider: r.provider,
        detail: JSON.parse(r.detail_json) as unknown,
      }));
    },
  };
}

function toHistoryParams(p: RoutingHistoryPoint): HistoryRow {
  return {
    at: p.at,
    segment: p.segment,
    provider: p.provider,
    probability: p.probability,
    mean: p.mean,
    lower: p.lower,
    upper: p.upper,
    n: p.n,
    completion_rate: p.completionRate,
    latency_p50_ms: p.latencyP50Ms,
    latency_p90_ms: p.latencyP90Ms,
    timeout_rate: p.timeoutRate,
    cost: p.cost,
    breaker: p.breaker,
  };
}

function toPoint(r: HistoryRow): RoutingHistoryPoint {
  return {
    at: r.at,
    segment: r.segment,
    provider: r.provider,
    probability: r.probability,
    mean: r.mean,
    lower: r.lower,
    upper: r.upper,
    n: r.n,
    completionRate: r.completion_rate,
    latencyP50Ms: r.latency_p50_ms,
    latencyP90Ms: r.latency_p90_ms,
    timeoutRate: r.timeout_rate,
    cost: r.cost,
    breaker: r.breaker as BreakerState,
  };
}
