import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../../engine/rng.js';
import type { SimulatedNetwork } from '../../providers/simulated/simulated-network.js';
import type { World } from '../../providers/simulated/world.js';
import type { Logger } from '../logger.js';
import { nextArrivalGapMs } from './arrival-schedule.js';
import type { DemoClient } from './demo-client.js';
import type { DemoTrafficConfig } from './demo-config.js';
import { DemoStats, type DemoStatsSnapshot } from './demo-stats.js';
import { planIncident } from './incident-plan.js';
import { createPumpingSequence } from './pumping-sequence.js';
import { runUser } from './simulated-user.js';
import { DEFAULT_TRAFFIC_MIX, drawDemoRequest, validateTrafficMix, type TrafficMix } from './traffic-mix.js';

export interface DemoTrafficDeps {
  readonly client: DemoClient;
  readonly world: World;
  /** Where incidents are injected; without it none are. */
  readonly network?: SimulatedNetwork;
  readonly config: DemoTrafficConfig;
  readonly logger: Logger;
  readonly mix?: TrafficMix;
  readonly now?: () => number;
  /** Country of the pumping range (a classic SMS-pumping destination). */
  readonly pumpingCountry?: string;
}

export interface DemoTraffic {
  stats(): DemoStatsSnapshot;
  /** Stops arrivals and incidents, aborts every user's pending request and waits for them. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs seeded demo traffic: Poisson arrivals at `config.ratePerSecond`, each a simulated
 * user ({@link runUser}) or, with `config.pumpingShare`, an SMS-pumping request; at most
 * `config.maxConcurrentUsers` users at once (later arrivals are skipped and counted). Every
 * `config.incidentEveryMs` one provider fails, goes silent or slows down in one country for
 * `config.incidentDurationMs`. Logs progress every `config.progressEveryMs`.
 */
export function startDemoTraffic(deps: DemoTrafficDeps): DemoTraffic {
  const { client, world, network, config, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  const mix = validateTrafficMix(deps.mix ?? DEFAULT_TRAFFIC_MIX, world);
  // Separate streams, so the arrival times do not depend on what the users drew.
  const arrivals = mulberry32(config.seed);
  const people = mulberry32(config.seed + 1);
  const trouble = mulberry32(config.seed + 2);
  const pumping = createPumpingSequence(deps.pumpingCountry ?? 'NG', people, world);
  const stats = new DemoStats();
  const abort = new AbortController();
  // Every live user waits on this one signal; the default cap of 10 listeners would warn.
  setMaxListeners(0, abort.signal);
  const users = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const injected = new Set<string>();
  let incidents = 0;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const userDeps = {
    client,
    stats,
    now,
    sleep: (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }),
    pollIntervalMs: config.pollIntervalMs,
    signal: abort.signal,
  };

  const arrive = (): void => {
    if (abort.signal.aborted) return;
    later(nextArrivalGapMs(config.ratePerSecond, arrivals), arrive);
    if (users.size >= config.maxConcurrentUsers) return stats.add('skipped');
    const request =
      arrivals() < config.pumpingShare
        ? { kind: 'pumping' as const, to: pumping() }
        : drawDemoRequest(mix, config.wrongCodeShare, people, world);
    const user = runUser(request, userDeps).finally(() => users.delete(user));
    users.add(user);
  };

  const injectIncident = (): void => {
    if (!network || abort.signal.aborted) return;
    const at = now();
    const { kind, ...incident } = planIncident(
      world,
      mix.countries,
      trouble,
      at,
      config.incidentDurationMs,
      `demo-${++incidents}`,
    );
    try {
      network.injectIncident(incident);
      injected.add(incident.id);
      logger.info('demo incident started', {
        id: incident.id,
        kind,
        provider: incident.provider,
        country: incident.country,
        until: new Date(incident.end).toISOString(),
      });
      later(config.incidentDurationMs, () => {
        network.clearIncident(incident.id);
        injected.delete(incident.id);
        logger.info('demo incident over', { id: incident.id, provider: incident.provider, country: incident.country });
      });
    } catch (err) {
      logger.warn('demo incident could not be injected', { error: String(err) });
    }
  };
  const everyIncident = (): void => {
    injectIncident();
    later(config.incidentEveryMs, everyIncident);
  };

  const progress = setInterval(
    () => logger.info('demo traffic', { ...stats.snapshot(users.size) }),
    config.progressEveryMs,
  );
  later(nextArrivalGapMs(config.ratePerSecond, arrivals), arrive);
  if (network && config.incidentEveryMs > 0) later(config.firstIncidentAfterMs, everyIncident);
  logger.info('demo traffic started', { ratePerSecond: config.ratePerSecond, seed: config.seed });

  let stopping: Promise<void> | undefined;
  return {
    stats: () => stats.snapshot(users.size),
    stop: () =>
      (stopping ??= (async () => {
        abort.abort();
        clearInterval(progress);
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const id of injected) network?.clearIncident(id);
        injected.clear();
        await Promise.allSettled([...users]);
        logger.info('demo traffic stopped', { ...stats.snapshot(users.size) });
      })()),
  };
}
