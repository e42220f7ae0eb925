import type { CounterVerdict } from '../../engine/guards/guard.js';
import { PrefixVelocity, type PrefixVelocityConfig } from '../../engine/guards/prefix-velocity.js';
import { SlidingWindowCounter } from '../../engine/guards/sliding-window-counter.js';

export interface AbuseLimitsConfig {
  /** New verifications per phone number per 10 minutes. */
  readonly perPhone: number;
  /** New verifications per tenant per minute. */
  readonly perTenant: number;
  /** Requests per client IP per minute (create). */
  readonly perIp: number;
  readonly prefix?: Partial<PrefixVelocityConfig>;
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimitsConfig = Object.freeze({
  perPhone: 5,
  perTenant: 300_000,
  perIp: 300_000,
});

const MINUTE = 60_000;

/**
 * Stateful counters behind the rate-limit and pumping guards (the guards themselves are pure
 * and live in engine/guards). In-process: several router instances would move these to a
 * shared store (Redis) behind the same methods. Keys are tenant ids, client IPs, phone HMACs
 * and number prefixes: never phone numbers.
 */
export class AbuseLimits {
  readonly #phone = new SlidingWindowCounter({ windowMs: 10 * MINUTE });
  readonly #tenant = new SlidingWindowCounter({ windowMs: MINUTE });
  readonly #ip = new SlidingWindowCounter({ windowMs: MINUTE });
  readonly #unknownChecks = new SlidingWindowCounter({ windowMs: 60 * MINUTE, maxKeys: 50_000 });
  readonly prefixes: PrefixVelocity;

  constructor(readonly config: AbuseLimitsConfig = DEFAULT_ABUSE_LIMITS) {
    this.prefixes = new PrefixVelocity(config.prefix);
  }

  /** The tightest of the per-phone, per-tenant and per-IP limits, without counting this request. */
  checkCreate(keys: { tenantId: string; ip: string; phoneHash: string }, at: number): CounterVerdict {
    const verdicts = [
      this.#phone.verdict(keys.phoneHash, this.config.perPhone, at, 'phone'),
      this.#tenant.verdict(keys.tenantId, this.config.perTenant, at, 'tenant'),
      this.#ip.verdict(keys.ip, this.config.perIp, at, 'ip'),
    ];
    return verdicts.find((v) => v.limited) ?? { limited: false };
  }

  recordCreate(keys: { tenantId: string; ip: string; phoneHash: string; prefix: string }, at: number): void {
    this.#phone.hit(keys.phoneHash, at);
    this.#tenant.hit(keys.tenantId, at);
    this.#ip.hit(keys.ip, at);
    this.prefixes.recordSend(keys.prefix, at);
  }

  checkPrefix(prefix: string, at: number): CounterVerdict {
    return this.prefixes.check(prefix, at);
  }

  recordConversion(prefix: string, at: number): void {
    this.prefixes.recordCompletion(prefix, at);
  }

  /** Counts checks against ids that do not exist, so they hit the same check limit as real ones. */
  countUnknownCheck(tenantId: string, id: string, at: number): number {
    const key = `${tenantId}\u001f${id}`;
    this.#unknownChecks.hit(key, at);
    return this.#unknownChecks.count(key, at);
  }
}
