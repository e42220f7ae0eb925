import { mulberry32 } from '../../engine/rng.js';
import type { ProviderId, RouteClass } from '../../engine/types.js';
import type { ProviderErrorClass, SendRequest, SendResult } from '../provider-adapter.js';
import { DEFAULT_WORLD } from './default-world.js';
import { sampleLognormal } from './lognormal.js';
import { operatorForNumber, type NumberOwner } from './numbering.js';
import { createProviderQueue, type ProviderQueue } from './provider-queue.js';
import { countAtOrBefore, countryLocalHour, segmentTruth, type SegmentTruth } from './segment-truth.js';
import { validateIncident, validateWorld } from './validate-world.js';
import type { Incident, World } from './world.js';

export interface SimulatedSendRequest extends SendRequest {
  readonly provider: ProviderId;
}

/** A receipt the network will emit; the driver delivers it at `at`. */
export interface SimulatedReceipt {
  readonly at: number;
  readonly status: 'delivered' | 'failed';
  readonly errorClass?: ProviderErrorClass;
}

/** What became of one send: the synchronous answer, and (decided now, happening later) the receipt and the handset arrival. */
export interface SimulatedSend {
  readonly result: SendResult;
  /** Absent for rejected, silent, capacity-dropped and receipt-lost messages. */
  readonly receipt?: SimulatedReceipt;
  /** When the message lands in the handset; absent when it never does. */
  readonly inboxAt?: number;
}

export interface SimulatedNetwork {
  readonly world: World;
  /** Decides the fate of one message sent at `at` (epoch ms, simulated or real). Never schedules anything. */
  send(req: SimulatedSendRequest, at: number): SimulatedSend;
  /** Ground truth with time of day and the incidents active now (scheduled and injected). @throws RangeError for an unknown provider */
  truth(provider: ProviderId, country: string, operator: string, routeClass: RouteClass, at: number): SegmentTruth;
  /** Adds an incident at runtime; returns its id (`injected-<n>` when none given). @throws TypeError | RangeError when invalid or the id is taken */
  injectIncident(incident: Omit<Incident, 'id'> & { readonly id?: string }): string;
  /** Removes a scheduled or injected incident; false when there is none with that id. */
  clearIncident(id: string): boolean;
  /** Scheduled and injected incidents, in insertion order. */
  incidents(): readonly Incident[];
  /** Ms a message to `provider` arriving at `at` would wait for capacity. */
  backlogMs(provider: ProviderId, at: number): number;
}

export interface SimulatedNetworkOptions {
  readonly world?: World;
  readonly seed: number;
}

/** Median and sigma of the lag between the handset event and the receipt reaching us. */
export const RECEIPT_LAG_MEDIAN_MS = 700;
export const RECEIPT_LAG_SIGMA = 0.5;
/** Split of the rejection region of one uniform draw into error classes (cumulative). */
const REJECTION_SPLIT = { provider_error: 0.5, throttled: 0.8 } as const;
/** Share of failed receipts that are `unreachable` (handset off / absent); the rest are `blocked`. */
const FAILED_UNREACHABLE_SHARE = 0.6;

/**
 * The simulated carrier network: one seeded RNG stream, so the same seed and the same
 * sequence of calls give the same results. Per accepted message it draws, in order:
 * acceptance, latency, delivery, receipt lag, receipt loss.
 * Numbers outside the world's prefix table (or in another country than `req.country`) are
 * rejected `invalid_number`; uncovered segments `unreachable`. The operator that governs
 * quality is the one the number's prefix belongs to, not `req.operator` (a router's guess).
 * @throws TypeError | RangeError when the world is invalid
 */
export function createSimulatedNetwork(options: SimulatedNetworkOptions): SimulatedNetwork {
  const world = options.world === undefined ? DEFAULT_WORLD : validateWorld(options.world);
  const random = mulberry32(options.seed);
  const queues = new Map<ProviderId, ProviderQueue>(
    world.providers.map((p) => [p.id, createProviderQueue(p.capacityPerSecond, p.maxQueueMs)]),
  );
  let incidents: readonly Incident[] = world.incidents;
  let injected = 0;
  let messages = 0;
  const truth = (
    provider: ProviderId,
    country: string,
    operator: string,
    routeClass: RouteClass,
    at: number,
  ): SegmentTruth => segmentTruth(world, incidents, provider, country, operator, routeClass, at);
  let sendTruth = new SendTruth(world, incidents);
  const setIncidents = (next: readonly Incident[]): void => {
    incidents = next;
    sendTruth = new SendTruth(world, incidents);
  };
  const queueOf = (provider: ProviderId): ProviderQueue => {
    const q = queues.get(provider);
    if (!q) throw new RangeError(`provider must be one of ${[...queues.keys()].join(', ')}, got "${provider}"`);
    return q;
  };

  return {
    world,
    truth,
    send(req, at) {
      const queue = queueOf(req.provider);
      const owner = operatorForNumber(req.to, world);
      if (!owner || owner.country !== req.country) {
        return {
          result: {
            status: 'rejected',
            errorClass: 'invalid_number',
            retryable: false,
            detail: `${req.to} is not a valid ${req.country} mobile number`,
          },
        };
      }
      const t = sendTruth.of(owner, req.provider, req.routeClass, at);
      if (!t.covered) {
        const detail = `${req.provider} has no ${req.routeClass} route to ${owner.country} ${owner.operator}`;
        return { result: { status: 'rejected', errorClass: 'unreachable', retryable: false, detail } };
      }
      const u = random();
      if (u >= t.acceptance) return { result: rejection((u - t.acceptance) / (1 - t.acceptance)) };
      messages += 1;
      const result: SendResult = {
        status: 'accepted',
        providerMessageId: `${req.provider}-${String(messages).padStart(8, '0')}`,
        cost: t.price,
      };
      const wait = queue.admit(at);
      if (wait === undefined || t.silent) return { result };
      const handsetAt = Math.round(at + wait + sampleLognormal(t.latencyMedianMs, t.latencySigma, random));
      const d = random();
      const receiptAt = Math.round(handsetAt + sampleLognormal(RECEIPT_LAG_MEDIAN_MS, RECEIPT_LAG_SIGMA, random));
      const lost = random() < t.receiptLoss;
      if (d < t.delivery) {
        return lost
          ? { result, inboxAt: handsetAt }
          : { result, inboxAt: handsetAt, receipt: { at: receiptAt, status: 'delivered' } };
      }
      const errorClass: ProviderErrorClass =
        (d - t.delivery) / (1 - t.delivery) < FAILED_UNREACHABLE_SHARE ? 'unreachable' : 'blocked';
      return lost ? { result } : { result, receipt: { at: receiptAt, status: 'failed', errorClass } };
    },
    injectIncident(incident) {
      const full: Incident = { ...incident, id: incident.id ?? `injected-${++injected}` };
      validateIncident(full, world);
      if (incidents.some((i) => i.id === full.id))
        throw new RangeError(`incident.id must be unique, "${full.id}" exists`);
      setIncidents([...incidents, Object.freeze({ ...full, effect: Object.freeze({ ...full.effect }) })]);
      return full.id;
    },
    clearIncident(id) {
      const before = incidents.length;
      setIncidents(incidents.filter((i) => i.id !== id));
      return incidents.length < before;
    },
    incidents: () => incidents,
    backlogMs: (provider, at) => queueOf(provider).backlogMs(at),
  };
}

interface RememberedTruth {
  readonly hour: number;
  readonly passed: number;
  readonly truth: SegmentTruth;
}

/**
 * {@link segmentTruth} for the senders' segments, remembered per number owner, provider and
 * route class. Truth depends on time only through the country's local hour and which
 * incidents are in force, i.e. how many incident edges (starts and ends) lie at or before
 * `at`; while both stay the same the remembered truth is returned, so a send does not
 * rebuild it. One instance per incident list.
 */
class SendTruth {
  readonly #edges: number[];
  readonly #byOwner = new Map<NumberOwner, Map<ProviderId, Map<RouteClass, RememberedTruth>>>();

  constructor(
    private readonly world: World,
    private readonly incidents: readonly Incident[],
  ) {
    this.#edges = incidents.flatMap((i) => [i.start, i.end]).sort((a, b) => a - b);
  }

  of(owner: NumberOwner, provider: ProviderId, routeClass: RouteClass, at: number): SegmentTruth {
    const hour = countryLocalHour(this.world, owner.country, at);
    const passed = countAtOrBefore(this.#edges, at);
    let byProvider = this.#byOwner.get(owner);
    if (byProvider === undefined) this.#byOwner.set(owner, (byProvider = new Map()));
    let byClass = byProvider.get(provider);
    if (byClass === undefined) byProvider.set(provider, (byClass = new Map()));
    const hit = byClass.get(routeClass);
    if (hit !== undefined && hit.hour === hour && hit.passed === passed) return hit.truth;
    const truth = segmentTruth(this.world, this.incidents, provider, owner.country, owner.operator, routeClass, at);
    byClass.set(routeClass, { hour, passed, truth });
    return truth;
  }
}

/** Maps the position `r` in [0, 1) of a rejecting draw to an error class. */
function rejection(r: number): SendResult {
  if (r < REJECTION_SPLIT.provider_error) return { status: 'rejected', errorClass: 'provider_error', retryable: true };
  if (r < REJECTION_SPLIT.throttled) return { status: 'rejected', errorClass: 'throttled', retryable: true };
  return { status: 'rejected', errorClass: 'blocked', retryable: false };
}
