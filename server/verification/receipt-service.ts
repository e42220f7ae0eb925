import type { Stores } from '../../db/stores/stores.js';
import type { VerificationEvent } from '../../engine/failover/events.js';
import type { ProviderId } from '../../engine/types.js';
import type { VerificationDriver } from './verification-driver.js';

export interface IncomingReceipt {
  readonly provider: ProviderId;
  /** Deduplication id: the webhook id, or a derived one for in-process receipts. */
  readonly webhookId: string;
  readonly providerMessageId: string;
  readonly status: 'delivered' | 'failed';
  readonly errorClass?: string;
  readonly occurredAt: number;
}

export type ReceiptOutcome = 'applied' | 'duplicate' | 'orphan';

/**
 * Applies delivery receipts: stored once (deduplicated by provider + webhook id), attributed
 * to their own attempt by provider message id, applied through the reducer (which only moves
 * statuses forward and never reopens a finished verification). A receipt for a message we
 * do not know yet (it can arrive before the provider's send answer) is kept as an orphan and
 * applied when the attempt's provider message id is recorded.
 */
export class ReceiptService {
  constructor(
    private readonly stores: Stores,
    private readonly driver: VerificationDriver,
    private readonly clock: () => number,
  ) {}

  /** Applies receipts stored before the attempt's provider message id was known (called once it is). */
  applyPending(provider: ProviderId, providerMessageId: string): void {
    const early = this.stores.receipts.listUnapplied(provider, providerMessageId);
    if (early.length === 0) return;
    const attempt = this.stores.verifications.findAttemptByProviderMessageId(provider, providerMessageId);
    if (!attempt) return;
    this.stores.transaction(() => {
      for (const r of early) {
        this.stores.receipts.markApplied(r.id, attempt.id);
        this.#dispatch(attempt.verificationId, attempt.id, r.status === 'delivered' ? 'delivered' : 'failed', r.errorClass ?? undefined, r.occurredAt);
      }
    });
  }

  /** Stores and applies one receipt in a single transaction. */
  apply(receipt: IncomingReceipt): ReceiptOutcome {
    return this.stores.transaction(() => this.#apply(receipt));
  }

  #apply(receipt: IncomingReceipt): ReceiptOutcome {
    const { stores } = this;
    const attempt = stores.verifications.findAttemptByProviderMessageId(receipt.provider, receipt.providerMessageId);
    const stored = stores.receipts.insertIfNew({
      provider: receipt.provider,
      providerMessageId: receipt.providerMessageId,
      webhookId: receipt.webhookId,
      status: receipt.status,
      errorClass: receipt.errorClass ?? null,
      occurredAt: receipt.occurredAt,
      receivedAt: this.clock(),
      attemptId: attempt?.id ?? null,
    });
    if (!stored.inserted) return 'duplicate';
    if (!attempt) return 'orphan';
    // Stored as applied (it came with its attempt): fed to the reducer in this transaction.
    this.#dispatch(attempt.verificationId, attempt.id, receipt.status, receipt.errorClass, receipt.occurredAt);
    return 'applied';
  }

  #dispatch(verificationId: string, attemptId: string, status: 'delivered' | 'failed', errorClass: string | undefined, occurredAt: number): void {
    // The provider's timestamp is data, not our clock: a skewed or forged one must not expire a verification early.
    const at = Math.min(occurredAt, this.clock());
    const event: VerificationEvent =
      status === 'delivered'
        ? { type: 'receipt.delivered', at, attemptId }
        : { type: 'receipt.failed', at, attemptId, errorClass: errorClass ?? 'undelivered' };
    this.driver.dispatch(verificationId, event);
  }
}
