import type { AttemptOutcome } from '../../../engine/types.js';

/**
 * Sufficient statistics of one (group, provider) cell of a trace. Each rate has its own
 * denominator: delivery is conditional on acceptance, completion on delivery (or on an
 * accepted attempt without a receipt), latency on completion (lognormal: moments of ln ms),
 * send-to-receipt latency on delivered attempts that did not complete and whose receipt time
 * the trace gives (through `signalMs`, see {@link addOutcome}).
 */
export interface CellStats {
  attempts: number;
  accepted: number;
  rejectedCost: number;
  acceptedCost: number;
  delivered: number;
  completedDelivered: number;
  undelivered: number;
  completedUndelivered: number;
  completed: number;
  logLatency: number;
  logLatencySq: number;
  receipts: number;
  logReceipt: number;
  logReceiptSq: number;
}

export function emptyCellStats(): CellStats {
  return {
    attempts: 0,
    accepted: 0,
    rejectedCost: 0,
    acceptedCost: 0,
    delivered: 0,
    completedDelivered: 0,
    undelivered: 0,
    completedUndelivered: 0,
    completed: 0,
    logLatency: 0,
    logLatencySq: 0,
    receipts: 0,
    logReceipt: 0,
    logReceiptSq: 0,
  };
}

/**
 * Adds one settled attempt. `receiptMs` is its send-to-receipt latency when the trace tells it:
 * for a delivered attempt that did not complete, `signalMs` (request to receipt) minus the time
 * from the request to this attempt's send. The trace's `latencyMs` cannot serve: for an attempt
 * that did not complete it runs to the receipt in the service's export but to settlement in
 * benchmark traces and other logs.
 */
export function addOutcome(
  s: CellStats,
  o: Pick<AttemptOutcome, 'accepted' | 'delivered' | 'completed' | 'latencyMs' | 'cost'>,
  receiptMs?: number,
): void {
  s.attempts += 1;
  if (!o.accepted) {
    s.rejectedCost += o.cost;
    return;
  }
  s.accepted += 1;
  s.acceptedCost += o.cost;
  if (o.delivered) {
    s.delivered += 1;
    if (o.completed) s.completedDelivered += 1;
  } else {
    s.undelivered += 1;
    if (o.completed) s.completedUndelivered += 1;
  }
  if (o.completed) {
    const l = Math.log(Math.max(1, o.latencyMs));
    s.completed += 1;
    s.logLatency += l;
    s.logLatencySq += l * l;
  } else if (o.delivered && receiptMs !== undefined && receiptMs >= 0) {
    const l = Math.log(Math.max(1, receiptMs));
    s.receipts += 1;
    s.logReceipt += l;
    s.logReceiptSq += l * l;
  }
}

/** Parameters of the fitted outcome model for one (segment, provider, hour). */
export interface CellModel {
  readonly accept: number;
  readonly deliverGivenAccepted: number;
  readonly completeGivenDelivered: number;
  readonly completeGivenUndelivered: number;
  /** Lognormal latency to completion: ln(ms) ~ Normal(mu, sigma). */
  readonly latencyMu: number;
  readonly latencySigma: number;
  /** Lognormal send-to-receipt latency of delivered attempts: ln(ms) ~ Normal(mu, sigma). */
  readonly receiptMu: number;
  readonly receiptSigma: number;
  readonly acceptedCost: number;
  readonly rejectedCost: number;
}

/** An uninformative root: even odds, 10 s latency, free. Only reached for an empty trace. */
export const ROOT_MODEL: CellModel = Object.freeze({
  accept: 0.5,
  deliverGivenAccepted: 0.5,
  completeGivenDelivered: 0.5,
  completeGivenUndelivered: 0,
  latencyMu: Math.log(10_000),
  latencySigma: 1,
  receiptMu: Math.log(5_000),
  receiptSigma: 1,
  acceptedCost: 0,
  rejectedCost: 0,
});

/** (sum + k * prior) / (n + k): the posterior mean under a Beta (rates) or normal (means) prior worth k observations. */
function shrink(sum: number, n: number, prior: number, k: number): number {
  return n + k > 0 ? (sum + k * prior) / (n + k) : prior;
}

/**
 * Shrinks a cell's statistics towards its parent's model with `k` pseudo-observations per
 * quantity (empirical Bayes; the same backoff idea as the engine's hierarchical priors).
 */
export function shrinkCell(s: CellStats, parent: CellModel, k: number): CellModel {
  const latencyMu = shrink(s.logLatency, s.completed, parent.latencyMu, k);
  const second = shrink(s.logLatencySq, s.completed, parent.latencySigma ** 2 + parent.latencyMu ** 2, k);
  const receiptMu = shrink(s.logReceipt, s.receipts, parent.receiptMu, k);
  const receiptSecond = shrink(s.logReceiptSq, s.receipts, parent.receiptSigma ** 2 + parent.receiptMu ** 2, k);
  return {
    accept: shrink(s.accepted, s.attempts, parent.accept, k),
    deliverGivenAccepted: shrink(s.delivered, s.accepted, parent.deliverGivenAccepted, k),
    completeGivenDelivered: shrink(s.completedDelivered, s.delivered, parent.completeGivenDelivered, k),
    completeGivenUndelivered: shrink(s.completedUndelivered, s.undelivered, parent.completeGivenUndelivered, k),
    latencyMu,
    latencySigma: Math.sqrt(Math.max(1e-6, second - latencyMu * latencyMu)),
    receiptMu,
    receiptSigma: Math.sqrt(Math.max(1e-6, receiptSecond - receiptMu * receiptMu)),
    acceptedCost: shrink(s.acceptedCost, s.accepted, parent.acceptedCost, k),
    rejectedCost: shrink(s.rejectedCost, s.attempts - s.accepted, parent.rejectedCost, k),
  };
}
