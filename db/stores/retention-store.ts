/** Rows one purge deleted, per table. */
export interface PurgeCounts {
  readonly verifications: number;
  readonly attempts: number;
  readonly receipts: number;
  readonly transitions: number;
  readonly routingHistory: number;
  readonly routingCoefficients: number;
  readonly routingEvents: number;
  readonly phoneFailures: number;
}

/** Data retention: deletes what is older than the retention period, in bounded batches. */
export interface RetentionStore {
  /**
   * Deletes one batch of data from before `cutoff` (epoch ms): up to `limit` finished
   * verifications created before it, with their attempts, the receipts matched to those
   * attempts and their route transitions; up to `limit` receipts received before it that never
   * matched an attempt; up to `limit` rows each of routing history, coefficient history and
   * routing events recorded before it; and up to `limit` phone failure counters last updated
   * before it. Pending verifications are never deleted. `more` is true when a limit was reached
   * (call again for the rest).
   * @throws RangeError when `limit` is not an integer >= 1
   */
  purgeBefore(cutoff: number, limit: number): { readonly deleted: PurgeCounts; readonly more: boolean };
}
