/** Wrong-code counter per phone (keyed by the phone HMAC), across verifications. */
export interface PhoneFailureStore {
  /** Adds one failure and returns the new count. */
  increment(phoneHash: string, now: number): number;
  /** Current count; 0 when never failed. */
  get(phoneHash: string): number;
  /** Forgets the phone's failures (e.g. after a successful check). */
  reset(phoneHash: string): void;
}
