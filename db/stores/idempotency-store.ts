/**
 * Outcome of claiming an `Idempotency-Key`:
 * - `'new'`: the caller owns the key and must later `complete` or `abandon` it;
 * - `in_flight`: the first request with this key is still running (answer 409);
 * - `done`: replay `status` and `body`.
 * `requestHash` is the first request's hash: a different hash means the key was reused
 * for another request (answer 422), whatever the state.
 */
export type IdempotencyBegin =
  | 'new'
  | { readonly state: 'in_flight'; readonly requestHash: string }
  | { readonly state: 'done'; readonly status: number; readonly body: string; readonly requestHash: string };

/** Idempotency records per (tenant, key), after the IETF draft "The Idempotency-Key HTTP Header Field". */
export interface IdempotencyStore {
  /**
   * Atomically claims (tenant, key) until `now + ttlMs`. An expired record (in flight or
   * done) is replaced and counts as new.
   */
  begin(tenantId: string, key: string, requestHash: string, now: number, ttlMs: number): IdempotencyBegin;
  /** Stores the response of an in-flight key. Returns false when the key is not in flight. */
  complete(tenantId: string, key: string, status: number, body: string): boolean;
  /** Releases an in-flight key whose request failed without effect, so a retry can run. */
  abandon(tenantId: string, key: string): void;
  /** Deletes records expired at `now`; returns how many. */
  purgeExpired(now: number): number;
}
