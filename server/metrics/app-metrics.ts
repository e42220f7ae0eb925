import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../../engine/health/circuit-breaker.js';

/** Gauge value of a breaker state: closed 0, half-open 1, open 2. */
export const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

export interface BreakerSource {
  /** Every (segment, provider) with its breaker state now. */
  breakers(): Iterable<{ segment: string; provider: string; state: BreakerState }>;
  readonly sseSubscribers: () => number;
}

/**
 * The Prometheus metrics of one app, in their own Registry (never prom-client's global one,
 * so several apps in one process, e.g. tests, do not collide). Labels are bounded sets:
 * countries, providers, statuses, route templates, never ids or numbers.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly verificationsCreated: Counter<'country' | 'route_class'>;
  readonly verificationsFinished: Counter<'status'>;
  readonly attempts: Counter<'provider' | 'outcome'>;
  readonly checks: Counter<'result'>;
  readonly receipts: Counter<'provider' | 'result'>;
  readonly decisions: Counter<'provider' | 'country'>;
  readonly configChanges: Counter<'kind'>;
  readonly retentionDeleted: Counter<'table'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(source: BreakerSource, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.verificationsCreated = new Counter({
      name: 'routewise_verifications_created_total',
      help: 'Verifications created (first code sent), by country and route class.',
      labelNames: ['country', 'route_class'],
      registers,
    });
    this.verificationsFinished = new Counter({
      name: 'routewise_verifications_finished_total',
      help: 'Verifications that reached a final status (approved, expired, failed, canceled, max_attempts_reached).',
      labelNames: ['status'],
      registers,
    });
    this.attempts = new Counter({
      name: 'routewise_attempts_settled_total',
      help: 'Attempts settled, by provider and outcome (completed, or the attempt status when not completed).',
      labelNames: ['provider', 'outcome'],
      registers,
    });
    this.checks = new Counter({
      name: 'routewise_checks_total',
      help: 'Code checks by result.',
      labelNames: ['result'],
      registers,
    });
    this.receipts = new Counter({
      name: 'routewise_receipts_total',
      help: 'Delivery receipt webhooks by provider and result (applied, duplicate, orphan, rejected).',
      labelNames: ['provider', 'result'],
      registers,
    });
    this.decisions = new Counter({
      name: 'routewise_policy_decisions_total',
      help: 'Routing decisions (first attempts and failovers) by chosen provider and country.',
      labelNames: ['provider', 'country'],
      registers,
    });
    this.configChanges = new Counter({
      name: 'routewise_config_changes_total',
      help: 'Config versions saved through the API, by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.retentionDeleted = new Counter({
      name: 'routewise_retention_deleted_total',
      help: 'Rows the retention purge deleted (older than ROUTEWISE_RETENTION_DAYS), by table.',
      labelNames: ['table'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'routewise_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    new Gauge({
      name: 'routewise_breaker_state',
      help: 'Circuit breaker state per segment and provider: 0 closed, 1 half-open, 2 open.',
      labelNames: ['segment', 'provider'],
      registers,
      collect() {
        this.reset();
        for (const b of source.breakers())
          this.set({ segment: b.segment, provider: b.provider }, BREAKER_VALUE[b.state]);
      },
    });
    new Gauge({
      name: 'routewise_sse_subscribers',
      help: 'Open server-sent event streams.',
      registers,
      collect() {
        this.set(source.sseSubscribers());
      },
    });
  }
}
