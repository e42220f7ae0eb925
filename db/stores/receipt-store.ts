import type { ProviderId } from '../../engine/types.js';

export interface NewReceipt {
  readonly provider: ProviderId;
  readonly providerMessageId: string;
  /** The sender's delivery id (`webhook-id`), stable across retries: the dedup key with `provider`. */
  readonly webhookId: string;
  /** `delivered` | `undelivered` (or a provider-specific status). */
  readonly status: string;
  readonly errorClass: string | null;
  /** When the provider says the delivery outcome happened (epoch ms). */
  readonly occurredAt: number;
  readonly receivedAt: number;
  /** Matched attempt; null for an orphan (receipt before the provider's send response). */
  readonly attemptId: string | null;
}

export interface ReceiptRecord extends NewReceipt {
  readonly id: number;
  /** Fed to the state machine. */
  readonly applied: boolean;
}

/** Delivery receipts, deduplicated on (provider, webhook id). */
export interface ReceiptStore {
  /**
   * Inserts unless (provider, webhookId) was seen before. A receipt with its `attemptId` is
   * stored as applied (its caller feeds it to the state machine in the same transaction); one
   * without is an orphan, unapplied until {@link markApplied}.
   * @returns `inserted: false` for a retry/duplicate, with the id of the existing row
   */
  insertIfNew(receipt: NewReceipt): { readonly inserted: boolean; readonly id: number };
  /** Marks a receipt applied to `attemptId` (also adopts an orphan). */
  markApplied(id: number, attemptId: string): void;
  /** Receipts for a message not yet applied (orphans to replay once the attempt learns its message id), oldest first. */
  listUnapplied(provider: ProviderId, providerMessageId: string): ReceiptRecord[];
}
