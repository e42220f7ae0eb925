/**
 * Wrong-code counter per phone (keyed by the phone HMAC), across verifications. A count whose
 * last failure is at or before `since` has lapsed: it reads as 0 and the next failure starts
 * again from 1 (the caller passes `now - window`).
 */
export interface PhoneFailureStore {
  /** Adds one failure at `now` (after forgetting a lapsed count) and returns the new count. */
  increment(phoneHash: string, now: number, since: number): number;
  /** Current count: 0 when never failed or when the last failure is at or before `since`. */
  get(phoneHash: string, since: number): number;
  /** Time of the phone's last failure, if one is stored. */
  lastFailureAt(phoneHash: string): number | undefined;
  /** Forgets the phone's failures (e.g. after a successful check). */
  reset(phoneHash: string): void;
}
