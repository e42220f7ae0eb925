import type { ProviderId, RouteClass } from '../engine/types.js';

/**
 * Why a provider refused a message or reported it undelivered. A small closed set so
 * health and learning can aggregate across providers whose native codes differ.
 *
 * - `invalid_number`: the number does not exist / is malformed (never retry anywhere).
 * - `unreachable`: no route to the destination (provider does not cover it, handset off).
 * - `blocked`: carrier or provider filtering (content, sender id, fraud rules).
 * - `throttled`: rate limited by the provider; retry later or elsewhere.
 * - `provider_error`: the provider failed (5xx, internal error).
 * - `timeout`: no answer in time, or the call was aborted by the caller.
 * - `bad_response`: the provider answered something we could not parse.
 */
export const PROVIDER_ERROR_CLASSES = [
  'invalid_number',
  'unreachable',
  'blocked',
  'throttled',
  'provider_error',
  'timeout',
  'bad_response',
] as const;
export type ProviderErrorClass = (typeof PROVIDER_ERROR_CLASSES)[number];

/** One message to send. `body` already contains the attempt's code. */
export interface SendRequest {
  /** Our attempt id; real adapters pass it as the provider's client reference so receipts can be matched. */
  readonly attemptId: string;
  /** Destination in E.164 (`+4915112345678`). */
  readonly to: string;
  /** ISO 3166-1 alpha-2 of the destination. */
  readonly country: string;
  /** MCC-MNC (`"262-01"`) or `"unknown"`. */
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly body: string;
}

/**
 * The provider's synchronous answer. `retryable` says whether sending the same message
 * through the *same* provider again may succeed (failing over to another one is the
 * router's decision, not the adapter's).
 */
export type SendResult =
  | { readonly status: 'accepted'; readonly providerMessageId: string; readonly cost: number }
  | {
      readonly status: 'rejected';
      readonly errorClass: ProviderErrorClass;
      readonly retryable: boolean;
      readonly detail?: string;
    };

/**
 * A delivery receipt (DLR) normalised from the provider's webhook. `at` is epoch ms of
 * the event as we observed it (the server's receive time, not the provider's claim).
 */
export interface ProviderReceipt {
  readonly providerMessageId: string;
  readonly status: 'delivered' | 'failed';
  readonly errorClass?: ProviderErrorClass;
  readonly at: number;
}

/**
 * What a real or simulated provider implements. `send` never throws for expected
 * failures (network errors, 4xx/5xx, abort): it resolves with a `rejected` result whose
 * `errorClass` says why. An aborted call resolves `{ errorClass: 'timeout', retryable: true }`.
 * Receipts arrive later and out of band (webhook -> {@link ProviderReceipt}).
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  send(req: SendRequest, signal?: AbortSignal): Promise<SendResult>;
}
